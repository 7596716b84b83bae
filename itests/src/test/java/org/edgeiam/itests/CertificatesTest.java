package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.grpc.common.v2.ErrorInfo;
import org.edgeiam.grpc.iamanager.IAMVersionServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.ApplyCertRequest;
import org.edgeiam.grpc.iamanager.v6.ApplyCertResponse;
import org.edgeiam.grpc.iamanager.v6.CreateKeyRequest;
import org.edgeiam.grpc.iamanager.v6.CreateKeyResponse;
import org.edgeiam.grpc.iamanager.v6.GetCertRequest;
import org.edgeiam.grpc.iamanager.v6.IAMCertificateServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCertServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.SubscribeCertChangedRequest;
import org.edgeiam.spi.storage.Storage;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * The certificate lifecycle on the software key store, over real gRPC, with a CA made by
 * openssl: CreateKey → sign → ApplyCert → GetCert, subscriptions, trimming, restart, orphans,
 * hot swap of the key store bundle, and bad input that changes nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CertificatesTest extends EdgeIamTestSupport {
    private static final String OWNER_PASSWORD = "itest-owner-password";

    @Configuration
    public Option[] config() {
        return runtime("certs");
    }

    private TestCa ca() throws Exception {
        return new TestCa(Path.of(context.getProperty(TEST_DIR), "ca"));
    }

    private CertHandler ownedHandler(String type) throws Exception {
        await(Storage.class);
        CertHandler handler = await(CertHandler.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!handler.moduleInfo(type).available() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (!handler.moduleInfo(type).owned()) {
            handler.setOwner(type, OWNER_PASSWORD);
        }
        return handler;
    }

    private static CreateKeyResponse createKey(ManagedChannel ch, String type) {
        return IAMCertificateServiceGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
                .createKey(CreateKeyRequest.newBuilder().setType(type).setSubject("itest-subject")
                        .setPassword("node-secret").build());
    }

    private static ApplyCertResponse applyCert(ManagedChannel ch, String type, String pem) {
        return IAMCertificateServiceGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
                .applyCert(ApplyCertRequest.newBuilder().setType(type).setCert(pem).build());
    }

    private static java.security.cert.X509Certificate leaf(String pemChain) throws Exception {
        return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(pemChain.getBytes(
                        java.nio.charset.StandardCharsets.US_ASCII)));
    }

    private String issue(ManagedChannel ch, String type, int days) throws Exception {
        CreateKeyResponse key = createKey(ch, type);
        assertFalse("CreateKey failed: " + key.getError().getMessage(), key.hasError());
        assertTrue(key.getCsr().startsWith("-----BEGIN CERTIFICATE REQUEST-----"));
        String chain = ca().sign(key.getCsr(), days);
        ApplyCertResponse applied = applyCert(ch, type, chain);
        assertFalse("ApplyCert failed: " + applied.getError().getMessage(), applied.hasError());
        assertEquals(ca().serialOf(chain), applied.getCertInfo().getSerial().toString(StandardCharsets.US_ASCII));
        return chain;
    }

    @Test
    public void createKeySignApplyAndGetByTypeAndSerial() throws Exception {
        CertHandler handler = ownedHandler("iam");
        ManagedChannel ch = protectedChannel();
        try {
            String chain = issue(ch, "iam", 365);
            org.edgeiam.grpc.iamanager.v6.CertInfo current = IAMPublicCertServiceGrpc.newBlockingStub(ch)
                    .getCert(GetCertRequest.newBuilder().setType("iam").build());
            assertEquals("iam", current.getType());
            assertTrue(current.getCertUrl(), current.getCertUrl().startsWith("file:"));
            assertTrue(current.getKeyUrl().startsWith("file:"));
            assertTrue("GetCert leaves serial empty, as AosEdge", current.getSerial().isEmpty());
            CertInfo stored = handler.getCertificates("iam").stream()
                    .filter(c -> c.certUrl().equals(current.getCertUrl())).findFirst().orElseThrow();
            org.edgeiam.grpc.iamanager.v6.CertInfo bySerial = IAMPublicCertServiceGrpc.newBlockingStub(ch)
                    .getCert(GetCertRequest.newBuilder().setType("iam").setIssuer(ByteString.copyFrom(stored.issuer()))
                            .setSerial(ca().serialOf(chain).toUpperCase()).build());
            assertEquals(current.getCertUrl(), bySerial.getCertUrl());
            String csr = Files.readString(Path.of(java.net.URI.create(current.getCertUrl())));
            assertTrue("the stored chain holds the CA", csr.indexOf("BEGIN CERTIFICATE") != csr.lastIndexOf("BEGIN CERTIFICATE"));
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    public void subscriptionFiresAndTrimmingKeepsMaxItems() throws Exception {
        CertHandler handler = ownedHandler("online");
        ManagedChannel ch = protectedChannel();
        BlockingQueue<org.edgeiam.grpc.iamanager.v6.CertInfo> changes = new LinkedBlockingQueue<>();
        try {
            IAMPublicCertServiceGrpc.newStub(ch).subscribeCertChanged(
                    SubscribeCertChangedRequest.newBuilder().setType("online").build(), new Collector<>(changes));
            Thread.sleep(300); // let the server register the stream before the first change
            java.security.cert.X509Certificate trimmedLater = leaf(issue(ch, "online", 100));
            org.edgeiam.grpc.iamanager.v6.CertInfo first = changes.poll(10, TimeUnit.SECONDS);
            assertNotNull("no notification after the first certificate", first);
            assertEquals("online", first.getType());
            issue(ch, "online", 300);
            assertNotNull("no notification after a later certificate", changes.poll(10, TimeUnit.SECONDS));
            issue(ch, "online", 200); // not the latest notAfter: current unchanged, but the 100-day one is trimmed
            List<CertInfo> certs = handler.getCertificates("online");
            assertEquals(2, certs.size());
            long minDays = certs.stream().mapToLong(c -> java.time.Duration.between(java.time.Instant.now(),
                    c.notAfter()).toDays()).min().orElseThrow();
            assertTrue("the earliest notAfter was not trimmed: " + certs, minDays >= 190);
            long files = Files.list(Path.of(context.getProperty(TEST_DIR), "keys/online"))
                    .filter(f -> f.toString().endsWith(".pem")).count();
            assertEquals("trimmed certificates are deleted from the store", 2, files);
            assertTrue("a trimmed certificate is revoked", handler.isRevoked(
                    trimmedLater.getIssuerX500Principal().getEncoded(), trimmedLater.getSerialNumber().toByteArray()));
            for (CertInfo kept : certs) {
                assertFalse("a kept certificate is not revoked", handler.isRevoked(kept.issuer(), kept.serial()));
            }
            assertEquals("the current certificate did not change", null, changes.poll(500, TimeUnit.MILLISECONDS));
            // a new certificate is always kept, even when it expires first (AosEdge trims the stored ones)
            String shortLived = issue(ch, "online", 50);
            String newSerial = ca().serialOf(shortLived);
            List<CertInfo> after = handler.getCertificates("online");
            assertEquals(2, after.size());
            assertTrue("the new certificate was trimmed: " + after, after.stream()
                    .anyMatch(c -> c.serialHex().equals(newSerial)));
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    public void badInputIsRefusedAndChangesNothing() throws Exception {
        CertHandler handler = ownedHandler("iam");
        ManagedChannel ch = protectedChannel();
        try {
            issue(ch, "iam", 50);
            List<CertInfo> before = handler.getCertificates("iam");
            assertError(ErrorCode.INVALID_ARGUMENT, "empty", applyCert(ch, "iam", "").getError());
            assertError(ErrorCode.INVALID_ARGUMENT, "", applyCert(ch, "iam",
                    "-----BEGIN CERTIFICATE-----\nnot base64 at all!!\n-----END CERTIFICATE-----\n").getError());
            assertError(ErrorCode.NOT_FOUND, "unknown cert type 'nosuchtype'",
                    createKey(ch, "nosuchtype").getError());
            // a chain signed by this CA, but for a key this node never generated
            Path[] foreign = ca().client("foreign");
            assertError(ErrorCode.NOT_FOUND, "no pending key", applyCert(ch, "iam", Files.readString(foreign[0])).getError());
            // a valid leaf whose issuer certificate is swapped for another CA with the same name
            TestCa other = new TestCa(Path.of(context.getProperty(TEST_DIR), "other-ca"));
            String good = ca().sign(createKey(ch, "iam").getCsr(), 30);
            String leafOnly = good.substring(0, good.indexOf("-----END CERTIFICATE-----") + 26);
            String forged = leafOnly + Files.readString(other.cert());
            assertError(ErrorCode.INVALID_CHECKSUM, "does not verify", applyCert(ch, "iam", forged).getError());
            assertEquals(before, handler.getCertificates("iam"));
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    public void keyStoreHotSwapAndRestartKeepEverything() throws Exception {
        CertHandler handler = ownedHandler("iam");
        ManagedChannel ch = protectedChannel();
        try {
            issue(ch, "iam", 60);
            List<CertInfo> before = handler.getCertificates("iam");
            Bundle soft = installedBundle("org.edgeiam.keystore.soft");
            soft.stop();
            CreateKeyResponse refused = createKey(ch, "iam");
            assertError(ErrorCode.UNAVAILABLE, "cert module iam is unavailable", refused.getError());
            assertEquals("servers keep answering", 6, IAMVersionServiceGrpc.newBlockingStub(ch)
                    .getAPIVersion(Empty.getDefaultInstance()).getVersion());
            soft.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!handler.moduleInfo("iam").available() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(before, handler.getCertificates("iam"));
            issue(ch, "iam", 70);
            // restart of the certificate handler itself: everything is still there
            Bundle certhandler = installedBundle("org.edgeiam.certhandler");
            certhandler.stop();
            certhandler.start();
            CertHandler again = ownedHandler("iam");
            assertEquals(2, again.getCertificates("iam").size());
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    public void orphansInTheStoreAreRemovedAtStartup() throws Exception {
        CertHandler handler = ownedHandler("iam");
        ManagedChannel ch = protectedChannel();
        try {
            issue(ch, "iam", 80);
            issue(ch, "iam", 90);
            List<CertInfo> certs = handler.getCertificates("iam");
            assertEquals(2, certs.size());
            Path orphanCert = Path.of(java.net.URI.create(certs.get(0).certUrl()));
            Files.delete(Path.of(java.net.URI.create(certs.get(0).keyUrl()))); // a certificate without key
            Path orphanKey = Path.of(java.net.URI.create(certs.get(1).keyUrl()));
            Files.delete(Path.of(java.net.URI.create(certs.get(1).certUrl()))); // a key without certificate
            Bundle soft = installedBundle("org.edgeiam.keystore.soft");
            soft.stop();
            soft.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((Files.exists(orphanCert) || Files.exists(orphanKey)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse("the orphan certificate is deleted", Files.exists(orphanCert));
            assertFalse("the orphan key is deleted", Files.exists(orphanKey));
            assertTrue("their database rows are removed", handler.getCertificates("iam").isEmpty());
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    public void selfSignedCertificateForSelfSignedModule() throws Exception {
        CertHandler handler = ownedHandler("selfsigned");
        CertInfo cert = handler.createSelfSignedCertificate("selfsigned");
        assertTrue(cert.notAfter().isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(365 * 99))));
        assertEquals(cert, handler.getCertificate("selfsigned", new byte[0], new byte[0]));
    }

    @Test
    public void getCertOfUnknownTypeIsNotFound() throws Exception {
        await(CertHandler.class);
        ManagedChannel ch = publicChannel();
        try {
            IAMPublicCertServiceGrpc.newBlockingStub(ch).getCert(GetCertRequest.newBuilder().setType("nope").build());
            throw new AssertionError("GetCert of an unknown type answered");
        } catch (StatusRuntimeException e) {
            assertEquals(io.grpc.Status.Code.NOT_FOUND, e.getStatus().getCode());
            assertTrue(e.getMessage(), e.getMessage().contains("unknown cert type 'nope'"));
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    public void shellListsCertificatesAndKeyStores() throws Exception {
        CertHandler handler = ownedHandler("iam");
        ManagedChannel ch = protectedChannel();
        try {
            issue(ch, "iam", 120);
        } finally {
            ch.shutdownNow();
        }
        org.apache.felix.service.command.CommandSession session = await(
                org.apache.felix.service.command.CommandProcessor.class).createSession(
                new java.io.ByteArrayInputStream(new byte[0]), System.out, System.err);
        try {
            String certs = String.valueOf(session.execute("iam:certs iam"));
            assertTrue(certs, certs.startsWith("iam (softmodule, ecc, max 2)"));
            CertInfo current = handler.getCertificate("iam", new byte[0], new byte[0]);
            assertTrue(certs, certs.contains("serial " + current.serialHex()));
            assertTrue(certs, certs.contains("issuer CN=EdgeIAM Test CA"));
            assertTrue(certs, certs.contains("days left"));
            String stores = String.valueOf(session.execute("iam:keystores"));
            assertTrue(stores, stores.contains("softmodule: software key store"));
            assertTrue(stores, stores.contains("iam        -> softmodule"));
            assertFalse("no secret ever shown", (certs + stores).contains(OWNER_PASSWORD));
        } finally {
            session.close();
        }
    }

    private static void assertError(ErrorCode code, String text, ErrorInfo error) {
        assertEquals(error.getMessage(), code.aosCode(), error.getAosCode());
        assertTrue(error.getMessage(), error.getMessage().contains(text));
    }

    /** Collects stream messages. */
    static final class Collector<T> implements StreamObserver<T> {
        private final BlockingQueue<T> queue;

        Collector(BlockingQueue<T> queue) {
            this.queue = queue;
        }

        @Override
        public void onNext(T value) {
            queue.add(value);
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
