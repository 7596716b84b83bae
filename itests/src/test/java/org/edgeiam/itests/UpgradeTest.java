package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.nodes.NodeManager;
import org.edgeiam.grpc.iamanager.IAMVersionServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.GetCertRequest;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCertServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicIdentityServiceGrpc;
import org.edgeiam.spi.storage.Storage;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;

/**
 * Single-bundle upgrades on a running runtime, through the deploy folder and the Gogo shell: the
 * bundle is replaced in place (same bundle ID) and nothing unrelated restarts; a newer storage
 * bundle migrates the database forward and the older one takes it back with the stored down
 * script, without losing rows; a bundle that does not resolve, or whose component fails to
 * activate, is refused and the previous version serves again; upgrading the gRPC server bundle
 * itself keeps clients working (their channels reconnect).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UpgradeTest extends EdgeIamTestSupport {
    private static final String STORAGE = "org.edgeiam.storage.sqlite";
    private static final Map<String, String> MIGRATION_5 = Map.of(
            "migrations/5_update.up.sql", "ALTER TABLE certificates ADD COLUMN comment TEXT;\n",
            "migrations/5_update.down.sql", "ALTER TABLE certificates DROP COLUMN comment;\n");

    @Configuration
    public Option[] config() {
        return runtime("upgrade");
    }

    @Test
    public void storageIsUpgradedAndRolledBackInPlaceKeepingItsData() throws Exception {
        CertInfo cert = givenAppliedCertificate();
        Bundle storage = installedBundle(STORAGE);
        long id = storage.getBundleId();
        String original = storage.getVersion().toString();
        Path originalJar = TestBundles.variant(storage, original, Map.of(), null, testDir().resolve("storage-orig.jar"));
        List<Long> unrelated = serviceIds(CurrentNode.class, CertHandler.class, NodeManager.class);
        ManagedChannel ch = publicChannel();
        try (Availability probe = new Availability(() -> getCert(ch, cert))) {
            Path newer = TestBundles.variant(storage, "0.1.1", MIGRATION_5, null, deploy().resolve("storage-0.1.1.jar"));
            awaitDeployed("storage-0.1.1.jar");
            assertEquals("0.1.1", installedBundle(STORAGE).getVersion().toString());
            assertEquals("upgraded in place", id, installedBundle(STORAGE).getBundleId());
            assertEquals(5, await(Storage.class).status().schemaVersion());
            awaitCall(() -> getCert(ch, cert));
            System.out.println("UpgradeTest: storage upgrade, GetCert unavailable for " + probe.windowMs() + " ms");
            assertEquals("unrelated components were not restarted", unrelated,
                    serviceIds(CurrentNode.class, CertHandler.class, NodeManager.class));

            long t0 = System.nanoTime();
            restart(installedBundle(STORAGE));
            awaitCall(() -> getCert(ch, cert));
            System.out.println("UpgradeTest: storage stop/start, GetCert back after "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");

            Files.delete(newer);
            Files.copy(originalJar, testDir().resolve("storage-back.jar"));
            Files.move(testDir().resolve("storage-back.jar"), deploy().resolve("storage-" + original + ".jar"));
            awaitDeployed("storage-" + original + ".jar");
            assertEquals(original, installedBundle(STORAGE).getVersion().toString());
            assertEquals("back through the stored down script", 4, await(Storage.class).status().schemaVersion());
            awaitCall(() -> getCert(ch, cert));

            TestBundles.variant(storage, "0.1.4", Map.of("migrations/5_update.up.sql", "THIS IS NOT SQL;\n",
                    "migrations/5_update.down.sql", "SELECT 1;\n"), null, deploy().resolve("storage-0.1.4.jar"));
            awaitFile(deploy().resolve("storage-0.1.4.jar.failed"));
            assertTrue(shell("iam:deployments").contains("storage-0.1.4.jar  FAILED: org.edgeiam.storage.sqlite 0.1.4 does"
                    + " not work (component org.edgeiam.storage.sqlite.internal.SqliteStorage failed to activate"));
            assertEquals(original, installedBundle(STORAGE).getVersion().toString());
            assertEquals(Bundle.ACTIVE, installedBundle(STORAGE).getState());
            assertEquals("a failed migration changes nothing", 4, await(Storage.class).status().schemaVersion());
            awaitCall(() -> getCert(ch, cert));
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    public void brokenBundleIsRefusedAndServerUpgradeKeepsClients() throws Exception {
        ManagedChannel ch = protectedChannel();
        try {
            Bundle ident = installedBundle("org.edgeiam.identifier.file");
            String identVersion = ident.getVersion().toString();
            TestBundles.variant(ident, "0.1.3", Map.of(), "org.edgeiam.nowhere", deploy().resolve("ident-0.1.3.jar"));
            awaitFile(deploy().resolve("ident-0.1.3.jar.failed"));
            assertEquals(identVersion, installedBundle("org.edgeiam.identifier.file").getVersion().toString());
            awaitCall(() -> IAMPublicIdentityServiceGrpc.newBlockingStub(ch).getSystemInfo(Empty.getDefaultInstance()));

            assertEquals(6, version(ch));
            Path server = TestBundles.variant(installedBundle("org.edgeiam.iamserver"), "0.1.5", Map.of(), null,
                    testDir().resolve("iamserver-0.1.5.jar"));
            String done = shell("iam:upgrade " + server);
            assertTrue(done, done.startsWith("replaced org.edgeiam.iamserver"));
            awaitCall(() -> version(ch));
            assertEquals("the same channel carries on after the server bundle's upgrade", 6, version(ch));

            Bundle perms = installedBundle("org.edgeiam.permissions");
            Path permsJar = TestBundles.variant(perms, "0.1.6", Map.of(), null, testDir().resolve("perms-0.1.6.jar"));
            shell("felix:update $bundle " + permsJar.toUri(), Map.of("bundle", perms));
            assertEquals("0.1.6", installedBundle("org.edgeiam.permissions").getVersion().toString());
        } finally {
            ch.shutdownNow();
        }
    }

    private CertInfo givenAppliedCertificate() throws Exception {
        await(Storage.class);
        CertHandler handler = await(CertHandler.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!handler.moduleInfo("iam").available() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        handler.setOwner("iam", "owner-password");
        TestCa ca = new TestCa(Files.createDirectories(testDir().resolve("ca")));
        return handler.applyCertificate("iam", ca.sign(handler.createKey("iam", "localhost", ""), 30));
    }

    private static Object getCert(ManagedChannel ch, CertInfo cert) {
        return IAMPublicCertServiceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
                .getCert(GetCertRequest.newBuilder().setType("iam").setIssuer(ByteString.copyFrom(cert.issuer()))
                        .setSerial(cert.serialHex()).build());
    }

    private static long version(ManagedChannel ch) {
        return IAMVersionServiceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
                .getAPIVersion(Empty.getDefaultInstance()).getVersion();
    }

    private String shell(String command, Map<String, Object> variables) throws Exception {
        CommandSession session = await(CommandProcessor.class).createSession(new ByteArrayInputStream(new byte[0]),
                System.out, System.err);
        variables.forEach(session::put);
        try {
            return String.valueOf(session.execute(command));
        } finally {
            session.close();
        }
    }

    private List<Long> serviceIds(Class<?>... types) throws InterruptedException {
        List<Long> ids = new ArrayList<>();
        for (Class<?> type : types) {
            await(type);
            ServiceReference<?> ref = context.getServiceReference(type);
            ids.add((Long) ref.getProperty("service.id"));
        }
        return ids;
    }

    private Path testDir() {
        return Path.of(context.getProperty(TEST_DIR));
    }

    private Path deploy() throws Exception {
        return Files.createDirectories(Path.of(context.getProperty("edgeiam.deploy.dir")));
    }

    /** Waits until iam:deployments reports the jar deployed (it fails at once if it failed). */
    private void awaitDeployed(String jar) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String line = shell("iam:deployments").lines().filter(l -> l.contains("  " + jar + "  ")).reduce((a, b) -> b)
                    .orElse("");
            assertFalse(line, line.contains("FAILED"));
            if (line.contains("done: ")) {
                return;
            }
            assertTrue(jar + " was not deployed within 30 s", System.nanoTime() < deadline);
            Thread.sleep(50);
        }
    }

    /** Stop and start; the deployer may still hold the framework's global lock for a moment. */
    private static void restart(Bundle bundle) throws Exception {
        for (int attempt = 1;; attempt++) {
            try {
                bundle.stop();
                bundle.start();
                return;
            } catch (org.osgi.framework.BundleException e) {
                assertTrue("cannot restart " + bundle.getSymbolicName() + ": " + e.getMessage(), attempt < 20);
                Thread.sleep(100);
            }
        }
    }

    private static void awaitFile(Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file)) {
            assertTrue(file + " did not appear within 30 s", System.nanoTime() < deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitCall(Runnable call) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                call.run();
                return;
            } catch (StatusRuntimeException e) {
                assertFalse("still failing after 20 s: " + e.getMessage(), System.nanoTime() > deadline);
                Thread.sleep(20);
            }
        }
    }

    /** Calls something every 2 ms in the background and measures how long it failed. */
    private static final class Availability implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        private volatile long firstFailure;
        private volatile long lastFailure;

        Availability(Runnable call) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        call.run();
                    } catch (StatusRuntimeException e) {
                        long now = System.nanoTime();
                        if (firstFailure == 0) {
                            firstFailure = now;
                        }
                        lastFailure = now;
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "availability-probe");
            thread.start();
        }

        long windowMs() {
            return firstFailure == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(lastFailure - firstFailure) + 2;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }
}
