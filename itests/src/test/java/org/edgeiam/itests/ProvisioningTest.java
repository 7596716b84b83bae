package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.provisioning.ProvisionManager;
import org.edgeiam.grpc.common.v2.ErrorInfo;
import org.edgeiam.grpc.iamanager.v6.ApplyCertRequest;
import org.edgeiam.grpc.iamanager.v6.ApplyCertResponse;
import org.edgeiam.grpc.iamanager.v6.CreateKeyRequest;
import org.edgeiam.grpc.iamanager.v6.CreateKeyResponse;
import org.edgeiam.grpc.iamanager.v6.DeprovisionRequest;
import org.edgeiam.grpc.iamanager.v6.FinishProvisioningRequest;
import org.edgeiam.grpc.iamanager.v6.GetCertTypesRequest;
import org.edgeiam.grpc.iamanager.v6.IAMCertificateServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMProvisioningServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCurrentNodeServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.StartProvisioningRequest;
import org.edgeiam.spi.storage.Storage;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;

/**
 * Full provisioning of the main node over gRPC, as CM drives it: StartProvisioning →
 * GetCertTypes → CreateKey per type (subject from the file identifier) → an openssl CA signs →
 * ApplyCert → FinishProvisioning; wrong-state calls; a failing hook; Deprovision wipes the stores.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProvisioningTest extends EdgeIamTestSupport {
    private static final String PASSWORD = "provisioning-password";

    @Configuration
    public Option[] config() {
        freshSoftHsmTokens();
        return runtime("provisioning", hsmModule("hsm", "edgeiam-provisioning"));
    }

    @Test
    public void provisionFinishAndDeprovisionTheMainNode() throws Exception {
        // every log event of the runtime, at every level, is checked for the password afterwards
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Level rootLevel = root.getLevel();
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events =
                new ch.qos.logback.core.read.ListAppender<>();
        events.start();
        // only our appender hears the TRACE flood: the console appenders are detached meanwhile
        java.util.List<ch.qos.logback.core.Appender<ch.qos.logback.classic.spi.ILoggingEvent>> console =
                new java.util.ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(console::add);
        console.forEach(root::detachAppender);
        root.addAppender(events);
        root.setLevel(ch.qos.logback.classic.Level.TRACE);
        // as the runtime's default logging does (and -v does not change): Netty's frame dumps, which
        // would show request bytes in hex, stay off
        ch.qos.logback.classic.Logger netty = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("io.grpc.netty.shaded");
        ch.qos.logback.classic.Level nettyLevel = netty.getLevel();
        netty.setLevel(ch.qos.logback.classic.Level.WARN);
        try {
            provisionFinishAndDeprovision();
        } finally {
            root.detachAppender(events);
            console.forEach(root::addAppender);
            root.setLevel(rootLevel);
            netty.setLevel(nettyLevel);
        }
        synchronized (events) {
            assertTrue("nothing was logged", events.list.size() > 10);
            String hex = java.util.HexFormat.of().formatHex(PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (ch.qos.logback.classic.spi.ILoggingEvent e : events.list) {
                assertFalse("the password was logged: " + e, e.getFormattedMessage().contains(PASSWORD)
                        || e.getFormattedMessage().toLowerCase().contains(hex)
                        || String.valueOf(e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())
                                .contains(PASSWORD));
            }
        }
    }

    private void provisionFinishAndDeprovision() throws Exception {
        await(Storage.class);
        CertHandler handler = await(CertHandler.class);
        await(ProvisionManager.class);
        awaitAvailable(handler, "iam", "online", "selfsigned", "hsm");
        TestCa ca = new TestCa(Path.of(context.getProperty(TEST_DIR), "ca"));
        ManagedChannel ch = protectedChannel();
        try {
            IAMProvisioningServiceGrpc.IAMProvisioningServiceBlockingStub prov = IAMProvisioningServiceGrpc
                    .newBlockingStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS);
            assertNoError(prov.startProvisioning(StartProvisioningRequest.newBuilder().setPassword(PASSWORD).build())
                    .getError());
            List<String> types = prov.getCertTypes(GetCertTypesRequest.getDefaultInstance()).getTypesList();
            assertEquals("self-signed types are not offered", List.of("hsm", "iam", "online"), types);
            assertEquals("the self-signed module got its certificate", 1, handler.getCertificates("selfsigned").size());
            for (String type : types) {
                CreateKeyResponse key = IAMCertificateServiceGrpc.newBlockingStub(ch).createKey(
                        CreateKeyRequest.newBuilder().setType(type).setPassword("node-secret").build());
                assertNoError(key.getError());
                String chain = ca.sign(key.getCsr(), 365);
                assertTrue("CN is the system ID", Files.exists(Path.of(context.getProperty(TEST_DIR), "ca")));
                ApplyCertResponse applied = IAMCertificateServiceGrpc.newBlockingStub(ch).applyCert(
                        ApplyCertRequest.newBuilder().setType(type).setCert(chain).build());
                assertNoError(applied.getError());
            }
            assertTrue(TestCa.openssl("x509", "-noout", "-subject", "-in",
                    Path.of(java.net.URI.create(handler.getCertificates("iam").get(0).certUrl())).toString())
                    .contains("CN = itest-unit"));
            ErrorInfo wrongFinish = prov.finishProvisioning(FinishProvisioningRequest.newBuilder()
                    .setPassword("not-the-owner").build()).getError();
            assertEquals(wrongFinish.getMessage(), ErrorCode.INVALID_ARGUMENT.aosCode(), wrongFinish.getAosCode());
            assertEquals("a wrong password changes nothing", "unprovisioned", state(ch));
            assertFalse("nor runs the finish hook", Files.exists(Path.of(context.getProperty(TEST_DIR), "finished.marker")));
            assertNoError(prov.finishProvisioning(FinishProvisioningRequest.newBuilder().setPassword(PASSWORD).build())
                    .getError());
            assertEquals("provisioned", state(ch));
            assertTrue("the finish hook ran", Files.exists(Path.of(context.getProperty(TEST_DIR), "finished.marker")));
            thenNormalModeServesMutualTls("hsm", ca);

            ErrorInfo again = prov.startProvisioning(StartProvisioningRequest.newBuilder().setPassword(PASSWORD).build())
                    .getError();
            assertEquals(again.getMessage(), ErrorCode.WRONG_STATE.aosCode(), again.getAosCode());
            assertEquals("a refused call changes nothing", 1, handler.getCertificates("iam").size());

            ErrorInfo wrongDeprovision = prov.deprovision(DeprovisionRequest.newBuilder().setPassword("not-the-owner")
                    .build()).getError();
            assertEquals(wrongDeprovision.getMessage(), ErrorCode.INVALID_ARGUMENT.aosCode(), wrongDeprovision.getAosCode());
            assertFalse("the password is never in an error", wrongDeprovision.getMessage().contains("not-the-owner"));
            assertEquals("a wrong password wipes nothing", "provisioned", state(ch));
            assertEquals(1, handler.getCertificates("iam").size());
            assertEquals(1, handler.getCertificates("hsm").size());
            assertNoError(prov.deprovision(DeprovisionRequest.newBuilder().setPassword(PASSWORD).build()).getError());
            assertEquals("unprovisioned", state(ch));
            assertTrue("the token holds no key or certificate of hsm", handler.getCertificates("hsm").isEmpty());
            for (String type : List.of("iam", "online", "selfsigned")) {
                assertTrue(type + " certificates remain", handler.getCertificates(type).isEmpty());
                try (var files = Files.list(Path.of(context.getProperty(TEST_DIR), "keys", type))) {
                    assertFalse(type + " key files remain", files.anyMatch(f -> f.toString().endsWith(".key")
                            || f.toString().endsWith(".pem")));
                }
            }
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    public void failingStartHookLeavesTheNodeUnprovisionedAndNamesTheStep() throws Exception {
        await(Storage.class);
        CertHandler handler = await(CertHandler.class);
        awaitAvailable(handler, "iam", "online", "selfsigned");
        ConfigurationAdmin cm = await(ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration c = cm.getConfiguration("org.edgeiam.provisioning", "?");
        Dictionary<String, Object> original = c.getProperties();
        Dictionary<String, Object> failing = c.getProperties();
        failing.put("disk.encryption.cmd", new String[] {"sh", "-c", "echo no disk here; exit 3"});
        c.update(failing);
        ManagedChannel ch = protectedChannel();
        try {
            ErrorInfo error = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) { // until the new configuration is in effect
                error = IAMProvisioningServiceGrpc.newBlockingStub(ch).startProvisioning(
                        StartProvisioningRequest.newBuilder().setPassword(PASSWORD).build()).getError();
                if (error.getMessage().contains("disk encryption")) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals(ErrorCode.FAILED.aosCode(), error.getAosCode());
            assertTrue(error.getMessage(), error.getMessage().contains(
                    "disk encryption command failed: disk encryption command 'sh -c echo no disk here; exit 3' failed with exit code 3: no disk here"));
            assertFalse("the password is never in an error", error.getMessage().contains(PASSWORD));
            assertEquals("unprovisioned", state(ch));
            assertTrue("no self-signed certificate is left behind", handler.getCertificates("selfsigned").isEmpty());
        } finally {
            c.update(original);
            ch.shutdownNow();
        }
    }

    /** Restart of the servers in normal mode: TLS with the token's certificate, mTLS for clients. */
    private void thenNormalModeServesMutualTls(String certType, TestCa ca) throws Exception {
        ConfigurationAdmin cm = await(ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration c = cm.getConfiguration("org.edgeiam.iamserver", "?");
        Dictionary<String, Object> original = c.getProperties();
        Dictionary<String, Object> normal = c.getProperties();
        normal.put("provisioning", false);
        normal.put("ca.cert", ca.cert().toString());
        normal.put("cert.storage", certType);
        c.update(normal);
        int port = Integer.parseInt(context.getProperty(PROTECTED_PORT));
        Path[] client = ca.client("cm");
        io.grpc.netty.shaded.io.netty.handler.ssl.SslContext tls = io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts
                .forClient().trustManager(ca.cert().toFile()).keyManager(client[0].toFile(), client[1].toFile()).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String nodeState = null;
        while (nodeState == null && System.nanoTime() < deadline) {
            ManagedChannel mtls = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
                    .forAddress(new java.net.InetSocketAddress("127.0.0.1", port)).overrideAuthority("localhost")
                    .sslContext(tls).build();
            try {
                nodeState = state(mtls);
            } catch (io.grpc.StatusRuntimeException e) {
                Thread.sleep(100); // the servers are restarting in normal mode
            } finally {
                mtls.shutdownNow();
            }
        }
        assertEquals("the provisioned node answers over mutual TLS", "provisioned", nodeState);
        c.update(original); // back to provisioning mode for the rest of the test
        long back = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        ManagedChannel plain = protectedChannel();
        try {
            while (System.nanoTime() < back) {
                try {
                    state(plain);
                    return;
                } catch (io.grpc.StatusRuntimeException e) {
                    Thread.sleep(100);
                }
            }
        } finally {
            plain.shutdownNow();
        }
    }

    private static void awaitAvailable(CertHandler handler, String... types) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (String type : types) {
            while (!handler.moduleInfo(type).available() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
    }

    private static String state(ManagedChannel ch) {
        return IAMPublicCurrentNodeServiceGrpc.newBlockingStub(ch).getCurrentNodeInfo(Empty.getDefaultInstance())
                .getState();
    }

    private static void assertNoError(ErrorInfo error) {
        assertEquals(error.getMessage(), 0, error.getAosCode());
        assertEquals("", error.getMessage());
    }
}
