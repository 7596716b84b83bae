package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.grpc.iamanager.v6.GetCertRequest;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCertServiceGrpc;
import org.edgeiam.spi.storage.Storage;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A cert type's key store swapped by configuration while serving: {@code online} moves from the
 * software store to a SoftHSM2 token and back. Each store keeps what it holds: the software
 * certificate is current again after the way back, the token's certificate after the next swap.
 * GetCert, called every 2 ms through each swap, never fails: the servers hold it while the module
 * is replaced.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KeyStoreSwapTest extends EdgeIamTestSupport {
    private static final String PASSWORD = "swap-owner-password";

    @Configuration
    public Option[] config() {
        freshSoftHsmTokens();
        return runtime("keyswap");
    }

    @Test
    public void certTypeMovesBetweenSoftwareStoreAndTokenKeepingBothStoresCertificates() throws Exception {
        await(Storage.class);
        CertHandler handler = await(CertHandler.class);
        TestCa ca = new TestCa(Files.createDirectories(Path.of(context.getProperty(TEST_DIR), "ca")));
        String soft = issue(handler, ca);
        assertTrue(soft, soft.startsWith("file:"));
        ManagedChannel ch = publicChannel();
        try {
            org.osgi.service.cm.Configuration online = moduleConfig("online");
            Dictionary<String, Object> softProps = online.getProperties();
            Hashtable<String, Object> hsmProps = new Hashtable<>();
            for (Enumeration<String> keys = softProps.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                if (!key.startsWith("params.")) {
                    hsmProps.put(key, softProps.get(key));
                }
            }
            hsmProps.put("plugin", "pkcs11module");
            hsmProps.put("params.library", SOFTHSM_LIBRARY);
            hsmProps.put("params.tokenLabel", "edgeiam-swap");
            hsmProps.put("params.userPinPath", context.getProperty(TEST_DIR) + "/online.usrpin");

            assertEquals("failed GetCert calls (software store -> token)", 0, swap(ch, online, hsmProps));
            String token = issue(handler, ca);
            assertTrue(token, token.startsWith("pkcs11:token=edgeiam-swap"));

            assertEquals("failed GetCert calls (token -> software store)", 0, swap(ch, online, softProps));
            assertEquals("the software store's certificate is current again", soft, currentUrl(ch));

            assertEquals("failed GetCert calls", 0, swap(ch, online, hsmProps));
            assertEquals("the token's certificate is still there", token, currentUrl(ch));
        } finally {
            ch.shutdownNow();
        }
    }

    /** Takes ownership if needed, then CreateKey, sign, ApplyCert. @return the new cert URL */
    private String issue(CertHandler handler, TestCa ca) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!available(handler) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (!handler.moduleInfo("online").owned()) {
            handler.setOwner("online", PASSWORD);
        }
        return handler.applyCertificate("online", ca.sign(handler.createKey("online", "swap-test", ""), 30)).certUrl();
    }

    private static boolean available(CertHandler handler) {
        try {
            return handler.moduleInfo("online").available();
        } catch (org.edgeiam.api.IamException e) {
            return false; // the module is being replaced
        }
    }

    /** @return how many GetCert calls failed after the configuration change (and prints the slowest) */
    private int swap(ManagedChannel ch, org.osgi.service.cm.Configuration config, Dictionary<String, Object> props)
            throws Exception {
        String before = currentUrlOrNone(ch);
        long t0 = System.nanoTime();
        int failures = 0;
        long slowest = 0;
        config.update(props);
        long deadline = t0 + TimeUnit.SECONDS.toNanos(20);
        // the module is replaced: UNAVAILABLE until the new one has opened its store
        while (System.nanoTime() < deadline) {
            long call = System.nanoTime();
            String now = currentUrlOrNone(ch);
            slowest = Math.max(slowest, System.nanoTime() - call);
            if (now == null) {
                failures++;
            } else if (!now.equals(before) || System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(2)) {
                break;
            }
            Thread.sleep(2);
        }
        System.out.printf("KeyStoreSwapTest: %d failed GetCert calls, slowest %d ms%n", failures,
                TimeUnit.NANOSECONDS.toMillis(slowest));
        return failures;
    }

    /**
     * @return the current cert URL, "" when the type has no certificate, null while unavailable
     *         (no module, or its store is not open)
     */
    private static String currentUrlOrNone(ManagedChannel ch) {
        try {
            return currentUrl(ch);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND && !e.getMessage().contains("unknown cert type")) {
                return "";
            }
            return null;
        }
    }

    private static String currentUrl(ManagedChannel ch) {
        return IAMPublicCertServiceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
                .getCert(GetCertRequest.newBuilder().setType("online").build()).getCertUrl();
    }

    private org.osgi.service.cm.Configuration moduleConfig(String id) throws Exception {
        org.osgi.service.cm.Configuration[] all = await(ConfigurationAdmin.class)
                .listConfigurations("(&(service.factoryPid=org.edgeiam.certmodule)(id=" + id + "))");
        assertNotNull("no configuration for cert module " + id, all);
        return all[0];
    }
}
