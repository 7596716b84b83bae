package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.edgeiam.grpc.iamanager.v6.ApplyCertRequest;
import org.edgeiam.grpc.iamanager.v6.ApplyCertResponse;
import org.edgeiam.grpc.iamanager.v6.CreateKeyRequest;
import org.edgeiam.grpc.iamanager.v6.CreateKeyResponse;
import org.edgeiam.grpc.iamanager.v6.IAMCertificateServiceGrpc;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.grpc.ManagedChannel;

/**
 * Disk faults under a running node, on real file systems: the key stores and the working
 * directory (database) each live on a small tmpfs that the test fills up or remounts read-only.
 * ApplyCert then answers an error that names the cause, the stored rows and files stay as they
 * were, and the same ApplyCert succeeds once the fault is gone (the pending key is kept).
 * Mounting needs root, as in CI; without it the test is skipped and says so.
 */
public class DiskFaultsTest {
    private static final String PASSWORD = "disk-owner-password";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<Path> mounts = new ArrayList<>();
    private RuntimeNode node;
    private TestCa ca;

    @Before
    public void mountSmallFileSystems() throws Exception {
        Path root = tmp.getRoot().toPath();
        ca = new TestCa(Files.createDirectories(root.resolve("ca")));
        node = new RuntimeNode(root.resolve("node"), UnitSetup.config(ca, "\"attrs\": {\"MainNode\": \"\"}",
                List.of("iam", "cm"), ""));
        Files.writeString(node.dir.resolve("node-id"), "disk-node\n");
        Path probe = Files.createDirectories(root.resolve("probe"));
        Assume.assumeTrue("DiskFaultsTest needs to mount a tmpfs (root, as in CI): skipped",
                run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.toString()) == 0);
        run("umount", probe.toString());
        mount(node.dir.resolve("work"), "2m");
        mount(node.dir.resolve("keys"), "1m");
    }

    @After
    public void unmount() throws Exception {
        if (node != null) {
            node.close();
        }
        for (Path m : mounts) {
            run("umount", "-l", m.toString());
        }
    }

    @Test
    public void fullAndReadOnlyFileSystemsFailApplyCertClearlyAndChangeNothing() throws Exception {
        ManagedChannel ch = UnitSetup.startProvisioned(node, ca, PASSWORD, "cm");
        try {
            Path filler = fill(node.dir.resolve("keys"));
            faultThenRecovery(ch, "key store disk full", "No space left on device", () -> Files.delete(filler));

            Path dbFiller = fill(node.dir.resolve("work"));
            faultThenRecovery(ch, "database disk full", "full", () -> Files.delete(dbFiller));

            assertEquals(0, run("mount", "-o", "remount,ro", node.dir.resolve("keys").toString()));
            faultThenRecovery(ch, "read-only key store", "Read-only file system",
                    () -> assertEquals(0, run("mount", "-o", "remount,rw", node.dir.resolve("keys").toString())));
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    public void readOnlyWorkingDirAtStartIsReportedAndTheDatabaseOpensOnceWritable() throws Exception {
        UnitSetup.startProvisioned(node, ca, PASSWORD, "cm").shutdownNow();
        node.stop();
        List<String> rows = rows();
        assertEquals(0, run("mount", "-o", "remount,ro", node.dir.resolve("work").toString()));

        node.start(true);
        String log = node.awaitLog("opening the database: failed (");
        String reason = log.substring(log.indexOf("opening the database: failed ("));
        System.out.println("DiskFaultsTest: read-only working dir at start: " + reason.substring(0, reason.indexOf('\n')));
        ManagedChannel restarted = node.plaintext(node.protectedPort);
        try {
            UnitSetup.awaitAnswer(restarted);
            io.grpc.StatusRuntimeException e = org.junit.Assert.assertThrows(io.grpc.StatusRuntimeException.class,
                    () -> org.edgeiam.grpc.iamanager.v6.IAMPublicCertServiceGrpc.newBlockingStub(restarted)
                            .withDeadlineAfter(5, TimeUnit.SECONDS).getCert(org.edgeiam.grpc.iamanager.v6.GetCertRequest
                                    .newBuilder().setType("cm").build()));
            assertEquals(io.grpc.Status.Code.UNAVAILABLE, e.getStatus().getCode());
            System.out.println("DiskFaultsTest: GetCert meanwhile: " + e.getStatus());

            long t0 = System.nanoTime();
            assertEquals(0, run("mount", "-o", "remount,rw", node.dir.resolve("work").toString()));
            String certUrl = awaitCert(restarted, "cm");
            System.out.println("DiskFaultsTest: database back " + (System.nanoTime() - t0) / 1_000_000
                    + " ms after the remount");
            node.awaitLog("opening the database: works again");
            assertTrue("GetCert answers the stored certificate: " + certUrl,
                    Files.exists(Path.of(java.net.URI.create(certUrl))));
            assertEquals("rows kept", rows, rows());
        } finally {
            restarted.shutdownNow();
        }
    }

    /** A fault is in place: ApplyCert fails naming it and changes nothing; after the repair the same call works. */
    private void faultThenRecovery(ManagedChannel ch, String fault, String cause, Repair repair) throws Exception {
        List<String> rows = rows();
        TreeSet<String> files = files();
        IAMCertificateServiceGrpc.IAMCertificateServiceBlockingStub certs = IAMCertificateServiceGrpc
                .newBlockingStub(ch).withDeadlineAfter(20, TimeUnit.SECONDS);
        CreateKeyResponse key = certs.createKey(CreateKeyRequest.newBuilder().setType("cm").setSubject("disk")
                .setPassword(PASSWORD).build());
        assertEquals(fault + ": CreateKey keeps its key in memory", "", key.getError().getMessage());
        ApplyCertRequest apply = ApplyCertRequest.newBuilder().setType("cm").setCert(ca.sign(key.getCsr(), 30)).build();

        ApplyCertResponse failed = certs.applyCert(apply);

        String message = failed.getError().getMessage();
        System.out.println("DiskFaultsTest: " + fault + ": ApplyCert answers \"" + message + "\"");
        assertTrue(fault + ": the error names the cause: " + message, message.contains(cause));
        assertEquals(fault + ": database rows unchanged", rows, rows());
        assertEquals(fault + ": key store files unchanged", files, files());
        repair.run();
        ApplyCertResponse retried = certs.applyCert(apply);
        assertEquals(fault + ": the same ApplyCert works after the repair", "", retried.getError().getMessage());
        String serial = retried.getCertInfo().getSerial().toStringUtf8().toUpperCase(java.util.Locale.ROOT);
        assertTrue(fault + ": the new certificate is stored", rows().contains("cm " + serial));
    }

    /** @return the URL of the type's current certificate, once GetCert answers (30 s at most) */
    private static String awaitCert(ManagedChannel ch, String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return org.edgeiam.grpc.iamanager.v6.IAMPublicCertServiceGrpc.newBlockingStub(ch)
                        .withDeadlineAfter(2, TimeUnit.SECONDS).getCert(org.edgeiam.grpc.iamanager.v6.GetCertRequest
                                .newBuilder().setType(type).build()).getCertUrl();
            } catch (io.grpc.StatusRuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** Undoes a fault. */
    @FunctionalInterface
    private interface Repair {
        void run() throws Exception;
    }

    /** @return a file that takes all the space left on the file system of {@code dir} */
    private static Path fill(Path dir) throws IOException {
        Path filler = dir.resolve("filler");
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        return filler;
    }

    private List<String> rows() throws Exception {
        return node.query("SELECT type || ' ' || hex(serial) FROM certificates ORDER BY 1");
    }

    private TreeSet<String> files() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(node.dir.resolve("keys/cm"))) {
            dir.forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    private void mount(Path dir, String size) throws Exception {
        Files.createDirectories(dir);
        assertEquals("mount " + dir, 0, run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString()));
        mounts.add(0, dir);
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        if (p.exitValue() != 0) {
            System.out.println("DiskFaultsTest: " + String.join(" ", cmd) + " → " + p.exitValue() + ": " + out.trim());
        }
        return p.exitValue();
    }
}
