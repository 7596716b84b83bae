package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.edgeiam.grpc.iamanager.v6.ApplyCertRequest;
import org.edgeiam.grpc.iamanager.v6.ApplyCertResponse;
import org.edgeiam.grpc.iamanager.v6.CreateKeyRequest;
import org.edgeiam.grpc.iamanager.v6.CreateKeyResponse;
import org.edgeiam.grpc.iamanager.v6.GetCertRequest;
import org.edgeiam.grpc.iamanager.v6.IAMCertificateServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMProvisioningServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCertServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.StartProvisioningRequest;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.grpc.ManagedChannel;

/**
 * Fault injection: the runtime is killed with SIGKILL at a random moment while a client runs
 * CreateKey/ApplyCert cycles, then started again, {@code edgeiam.fault.trials} times (10 in CI;
 * {@code -Dedgeiam.fault.trials=100} for the long form). After each restart the database passes
 * {@code PRAGMA integrity_check}, every database row has its certificate and key file and every
 * file belongs to a row, and the last acknowledged certificate is there (older ones may be
 * trimmed by design: maxItems 2). Killed during StartProvisioning ({@code
 * edgeiam.fault.provisioning.trials} times, 3 in CI), the node can be
 * provisioned afterwards and its cert types work.
 */
public class KillDuringApplyCertTest {
    private static final String PASSWORD = "fault-owner-password";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private RuntimeNode node;

    @After
    public void stop() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void killedDuringApplyCertTheStoreAndDatabaseStayConsistent() throws Exception {
        int trials = Integer.getInteger("edgeiam.fault.trials", 10);
        long seed = Long.getLong("edgeiam.fault.seed", System.nanoTime());
        System.out.println("KillDuringApplyCertTest: " + trials + " trials, seed " + seed);
        Random random = new Random(seed);
        Path root = tmp.getRoot().toPath();
        TestCa ca = new TestCa(Files.createDirectories(root.resolve("ca")));
        node = new RuntimeNode(root.resolve("node"), UnitSetup.config(ca, "\"attrs\": {\"MainNode\": \"\"}",
                List.of("iam"), ""));
        Files.writeString(node.dir.resolve("node-id"), "fault-node\n");
        node.start(true);
        ManagedChannel ch = node.plaintext(node.protectedPort);
        UnitSetup.awaitAnswer(ch);
        assertTrue(IAMProvisioningServiceGrpc.newBlockingStub(ch).startProvisioning(StartProvisioningRequest
                .newBuilder().setPassword(PASSWORD).build()).getError().getMessage().isEmpty());
        ch.shutdownNow();
        int acknowledged = 0;
        for (int trial = 1; trial <= trials; trial++) {
            ch = node.plaintext(node.protectedPort);
            AtomicReference<ApplyCertResponse> last = new AtomicReference<>();
            AtomicBoolean running = new AtomicBoolean(true);
            ManagedChannel client = ch;
            Thread cycles = new Thread(() -> {
                while (running.get()) {
                    try {
                        ApplyCertResponse r = cycle(client, ca);
                        if (!r.hasError()) {
                            last.set(r);
                        }
                    } catch (Exception e) {
                        return; // the runtime was killed
                    }
                }
            });
            cycles.start();
            Thread.sleep(300 + random.nextInt(1200));
            node.kill();
            running.set(false);
            cycles.join(10_000);
            ch.shutdownNow();

            assertEquals("trial " + trial + ": integrity", "ok", node.integrity());
            node.start(true);
            ch = node.plaintext(node.protectedPort);
            try {
                UnitSetup.awaitAnswer(ch);
                node.awaitLog("key store and database checked");
                thenRowsAndFilesMatch(trial);
                if (last.get() != null) {
                    acknowledged++;
                    String serial = last.get().getCertInfo().getSerial().toStringUtf8();
                    assertEquals("trial " + trial + ": the last acknowledged certificate is there", "iam",
                            IAMPublicCertServiceGrpc.newBlockingStub(ch).getCert(GetCertRequest.newBuilder()
                                    .setType("iam").setIssuer(com.google.protobuf.ByteString.copyFrom(issuer(ca)))
                                    .setSerial(serial).build()).getType());
                }
            } finally {
                ch.shutdownNow();
            }
        }
        System.out.println("KillDuringApplyCertTest: " + trials + " kills, " + acknowledged
                + " with an acknowledged certificate checked");
    }

    @Test
    public void killedDuringStartProvisioningTheNodeCanBeProvisionedAgain() throws Exception {
        Random random = new Random(Long.getLong("edgeiam.fault.seed", System.nanoTime()));
        Path root = tmp.getRoot().toPath();
        TestCa ca = new TestCa(Files.createDirectories(root.resolve("ca")));
        node = new RuntimeNode(root.resolve("node"), UnitSetup.config(ca, "\"attrs\": {\"MainNode\": \"\"}",
                List.of("iam", "sm"), ""));
        Files.writeString(node.dir.resolve("node-id"), "fault-node\n");
        int trials = Integer.getInteger("edgeiam.fault.provisioning.trials", 3);
        for (int trial = 1; trial <= trials; trial++) {
            node.start(true);
            ManagedChannel ch = node.plaintext(node.protectedPort);
            UnitSetup.awaitAnswer(ch);
            Thread start = new Thread(() -> {
                try {
                    IAMProvisioningServiceGrpc.newBlockingStub(ch).startProvisioning(StartProvisioningRequest
                            .newBuilder().setPassword(PASSWORD).build());
                } catch (RuntimeException e) {
                    // the runtime was killed
                }
            });
            start.start();
            Thread.sleep(random.nextInt(40));
            node.kill();
            start.join(10_000);
            ch.shutdownNow();
            assertEquals("trial " + trial + ": integrity", "ok", node.integrity());
        }
        node.start(true);
        ManagedChannel ch = node.plaintext(node.protectedPort);
        try {
            UnitSetup.awaitAnswer(ch);
            assertEquals("provisioning starts again after the kills", "", IAMProvisioningServiceGrpc.newBlockingStub(ch)
                    .startProvisioning(StartProvisioningRequest.newBuilder().setPassword(PASSWORD).build()).getError()
                    .getMessage());
            for (String type : List.of("iam", "sm")) {
                assertEquals(type, cycle(ch, ca, type).getCertInfo().getType());
            }
        } finally {
            ch.shutdownNow();
        }
    }

    private static ApplyCertResponse cycle(ManagedChannel ch, TestCa ca) throws Exception {
        return cycle(ch, ca, "iam");
    }

    private static ApplyCertResponse cycle(ManagedChannel ch, TestCa ca, String type) throws Exception {
        IAMCertificateServiceGrpc.IAMCertificateServiceBlockingStub certs = IAMCertificateServiceGrpc
                .newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
        CreateKeyResponse key = certs.createKey(CreateKeyRequest.newBuilder().setType(type).setSubject("fault")
                .setPassword(PASSWORD).build());
        return certs.applyCert(ApplyCertRequest.newBuilder().setType(type).setCert(ca.sign(key.getCsr(), 30))
                .build());
    }

    private static byte[] issuer(TestCa ca) throws Exception {
        java.security.cert.X509Certificate cert = (java.security.cert.X509Certificate) java.security.cert
                .CertificateFactory.getInstance("X.509").generateCertificate(Files.newInputStream(ca.cert()));
        return cert.getSubjectX500Principal().getEncoded();
    }

    private void thenRowsAndFilesMatch(int trial) throws Exception {
        Set<Path> referenced = new HashSet<>();
        for (String row : node.query("SELECT certURL || ' ' || keyURL FROM certificates WHERE type = 'iam'")) {
            for (String url : row.split(" ")) {
                Path file = Path.of(URI.create(url));
                assertTrue("trial " + trial + ": row without its file " + file, Files.exists(file));
                referenced.add(file);
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(node.dir.resolve("keys/iam"), "*.{pem,key}")) {
            for (Path f : files) {
                assertTrue("trial " + trial + ": file without a row " + f, referenced.contains(f));
            }
        }
    }
}
