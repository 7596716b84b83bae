package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.grpc.iamanager.v6.ApplyCertRequest;
import org.edgeiam.grpc.iamanager.v6.CreateKeyRequest;
import org.edgeiam.grpc.iamanager.v6.CreateKeyResponse;
import org.edgeiam.grpc.iamanager.v6.GetCertRequest;
import org.edgeiam.grpc.iamanager.v6.IAMCertificateServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCertServiceGrpc;
import org.edgeiam.spi.storage.Storage;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.ConfigurationAdmin;

import io.grpc.ManagedChannel;

/**
 * The certificate lifecycle on a real SoftHSM2 token through PKCS#11 inside Felix: ownership,
 * CreateKey on the token, ApplyCert, GetCert with a {@code pkcs11:} URL, restart, bad input, and
 * the servers presenting the token's key over TLS.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Pkcs11CertificatesTest extends EdgeIamTestSupport {
    private static final String SO_PIN = "hsm-so-password";

    @Configuration
    public Option[] config() {
        freshSoftHsmTokens();
        return runtime("pkcs11", String.join(",",
                hsmModule("hsm", "edgeiam-itest"), hsmModule("unowned", "edgeiam-other"),
                hsmModule("badlib", "x").replace(SOFTHSM_LIBRARY, "/nonexistent/libpkcs11.so")));
    }

    private CertHandler handler() throws Exception {
        await(Storage.class);
        CertHandler handler = await(CertHandler.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!handler.moduleInfo("hsm").available() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (!handler.moduleInfo("hsm").owned()) {
            handler.setOwner("hsm", SO_PIN);
        }
        return handler;
    }

    @Test
    public void createKeyOnTheTokenApplyGetRestartAndServeTls() throws Exception {
        CertHandler handler = handler();
        TestCa ca = new TestCa(Path.of(context.getProperty(TEST_DIR), "ca"));
        ManagedChannel ch = protectedChannel();
        try {
            CreateKeyResponse key = IAMCertificateServiceGrpc.newBlockingStub(ch).createKey(
                    CreateKeyRequest.newBuilder().setType("hsm").setSubject("localhost").build());
            assertEquals(key.getError().getMessage(), 0, key.getError().getAosCode());
            String chain = ca.sign(key.getCsr(), 200);
            assertEquals(0, IAMCertificateServiceGrpc.newBlockingStub(ch).applyCert(
                    ApplyCertRequest.newBuilder().setType("hsm").setCert(chain).build()).getError().getAosCode());
            String url = IAMPublicCertServiceGrpc.newBlockingStub(ch)
                    .getCert(GetCertRequest.newBuilder().setType("hsm").build()).getCertUrl();
            assertTrue(url, url.matches("pkcs11:token=edgeiam-itest;object=hsm;id=(%[0-9A-F]{2})+\\?pin-source=.*hsm\\.usrpin"));

            for (String name : new String[] {"org.edgeiam.keystore.pkcs11", "org.edgeiam.certhandler"}) {
                Bundle b = installedBundle(name);
                b.stop();
                b.start();
            }
            CertHandler again = handler();
            CertInfo current = again.getCertificate("hsm", new byte[0], new byte[0]);
            assertEquals("everything is still there after a restart", url, current.certUrl());
            assertEquals(1, again.getCertificates("hsm").size());

            whenServersPresent("hsm", ca.cert());
            assertEquals(new java.math.BigInteger(current.serialHex(), 16),
                    TlsTestSupport.presentedSerial(Integer.parseInt(context.getProperty(PUBLIC_PORT)), ca.cert()));
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    public void badInputOnTheHsmIsRefusedPrecisely() throws Exception {
        CertHandler handler = handler();
        IamException wrongPin = expect(() -> handler.setOwner("hsm", "not-the-so-pin"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, wrongPin.code());
        assertTrue(wrongPin.getMessage(), wrongPin.getMessage().contains("wrong SO password"));
        assertTrue("the token stays owned", handler.moduleInfo("hsm").owned());

        IamException unowned = expect(() -> handler.createKey("unowned", "node", ""));
        assertEquals(unowned.getMessage(), ErrorCode.WRONG_STATE, unowned.code());

        assertFalse(handler.moduleInfo("badlib").available());
        assertTrue(handler.moduleInfo("badlib").problem(), handler.moduleInfo("badlib").problem()
                .contains("/nonexistent/libpkcs11.so"));
        IamException badlib = expect(() -> handler.createKey("badlib", "node", ""));
        assertEquals(ErrorCode.UNAVAILABLE, badlib.code());
    }

    private void whenServersPresent(String certType, Path caCert) throws Exception {
        ConfigurationAdmin cm = await(ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration c = cm.getConfiguration("org.edgeiam.iamserver", "?");
        Dictionary<String, Object> props = c.getProperties();
        props.put("provisioning", false);
        props.put("ca.cert", caCert.toString());
        props.put("cert.storage", certType);
        c.update(props);
        int port = Integer.parseInt(context.getProperty(PUBLIC_PORT));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                TlsTestSupport.presentedSerial(port, caCert);
                return;
            } catch (Exception e) {
                Thread.sleep(50);
            }
        }
        fail("the servers did not switch to TLS with the " + certType + " certificate");
    }

    private interface Call {
        void run() throws IamException;
    }

    private static IamException expect(Call call) {
        try {
            call.run();
        } catch (IamException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }
}
