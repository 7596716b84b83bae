package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.grpc.iamanager.v6.ApplyCertRequest;
import org.edgeiam.grpc.iamanager.v6.ApplyCertResponse;
import org.edgeiam.grpc.iamanager.v6.CreateKeyRequest;
import org.edgeiam.grpc.iamanager.v6.CreateKeyResponse;
import org.edgeiam.grpc.iamanager.v6.IAMCertificateServiceGrpc;
import org.edgeiam.spi.storage.Storage;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.grpc.ManagedChannel;

/**
 * A SoftHSM2 token that goes away under a running node (its directory moved out of the token
 * directory, as when a hardware token is pulled) and comes back: meanwhile CreateKey and the
 * certificate's key answer errors that say what is wrong and the stored certificate metadata is
 * still served; once the token is back, CreateKey/ApplyCert work again and nothing was lost.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TokenRemovedTest extends EdgeIamTestSupport {
    private static final String SO_PIN = "token-removed-so";

    @Configuration
    public Option[] config() {
        freshSoftHsmTokens();
        return runtime("tokenremoved", hsmModule("hsm", "edgeiam-removed"));
    }

    @Test
    public void tokenRemovedGivesClearErrorsAndEverythingWorksWhenItIsBack() throws Exception {
        await(Storage.class);
        CertHandler handler = await(CertHandler.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!handler.moduleInfo("hsm").available() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        handler.setOwner("hsm", SO_PIN);
        TestCa ca = new TestCa(Path.of(context.getProperty(TEST_DIR), "ca"));
        ManagedChannel ch = protectedChannel();
        try {
            assertEquals("", cycle(ch, ca).getError().getMessage());
            String before = handler.getCertificate("hsm", new byte[0], new byte[0]).serialHex();

            Path token = tokenDirectory();
            Path aside = Files.move(token, token.getParent().resolveSibling(token.getParent().getFileName() + "-pulled-out"));
            ApplyCertResponse failed = cycle(ch, ca);
            System.out.println("TokenRemovedTest: ApplyCert without the token: " + failed.getError().getMessage());
            assertTrue(failed.getError().getMessage(), failed.getError().getMessage().contains("plugged in"));
            String keyProblem = signProblem(handler);
            System.out.println("TokenRemovedTest: signing with the certificate's key without the token: " + keyProblem);
            assertTrue(keyProblem, keyProblem.startsWith("RUNTIME") && keyProblem.contains("token"));
            CreateKeyResponse refused = IAMCertificateServiceGrpc.newBlockingStub(ch)
                    .withDeadlineAfter(20, TimeUnit.SECONDS).createKey(CreateKeyRequest.newBuilder().setType("hsm")
                            .setSubject("localhost").build());
            String message = refused.getError().getMessage();
            System.out.println("TokenRemovedTest: CreateKey without the token: " + message);
            assertNotEquals("CreateKey fails without the token", 0, refused.getError().getAosCode());
            assertEquals("metadata is still served", before,
                    handler.getCertificate("hsm", new byte[0], new byte[0]).serialHex());

            Files.move(aside, token);
            long back = System.nanoTime();
            ApplyCertResponse again = retry(() -> cycle(ch, ca), 20);
            System.out.println("TokenRemovedTest: CreateKey/ApplyCert work again "
                    + (System.nanoTime() - back) / 1_000_000 + " ms after the token is back");
            assertEquals("", again.getError().getMessage());
            assertEquals(2, handler.getCertificates("hsm").size());
            assertEquals("signed", signProblem(handler));
        } finally {
            ch.shutdownNow();
        }
    }

    /** @return what goes wrong when the current certificate's key signs, or "signed" */
    private static String signProblem(CertHandler handler) {
        try {
            org.edgeiam.spi.keystore.TlsKey key = handler.currentTlsKey("hsm");
            java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA", key.provider());
            s.initSign(key.privateKey());
            s.update(new byte[32]);
            s.sign();
            return "signed";
        } catch (IamException e) {
            return e.code() + ": " + e.getMessage();
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return e.toString();
        }
    }

    private static ApplyCertResponse cycle(ManagedChannel ch, TestCa ca) throws Exception {
        IAMCertificateServiceGrpc.IAMCertificateServiceBlockingStub certs = IAMCertificateServiceGrpc
                .newBlockingStub(ch).withDeadlineAfter(20, TimeUnit.SECONDS);
        CreateKeyResponse key = certs.createKey(CreateKeyRequest.newBuilder().setType("hsm").setSubject("localhost")
                .build());
        if (key.getError().getAosCode() != 0) {
            throw new IllegalStateException("CreateKey: " + key.getError().getMessage());
        }
        return certs.applyCert(ApplyCertRequest.newBuilder().setType("hsm").setCert(ca.sign(key.getCsr(), 100))
                .build());
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T retry(Call<T> call, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            try {
                return call.run();
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** @return the one token's directory inside SoftHSM2's token directory */
    private static Path tokenDirectory() throws Exception {
        String conf = Files.readString(Path.of(System.getProperty("edgeiam.softhsm.conf")));
        Path tokens = Path.of(conf.lines().filter(l -> l.startsWith("directories.tokendir")).findFirst()
                .orElseThrow().split("=", 2)[1].strip());
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(tokens, Files::isDirectory)) {
            s.forEach(dirs::add);
        }
        assertEquals("one token: " + dirs, 1, dirs.size());
        return dirs.get(0);
    }
}
