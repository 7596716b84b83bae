package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgeiam.grpc.common.v2.InstanceIdent;
import org.edgeiam.grpc.iamanager.v6.GetCertTypesRequest;
import org.edgeiam.grpc.iamanager.v6.GetNodeInfoRequest;
import org.edgeiam.grpc.iamanager.v6.IAMPermissionsServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMProvisioningServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCurrentNodeServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicIdentityServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicNodesServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.Permissions;
import org.edgeiam.grpc.iamanager.v6.RegisterInstanceRequest;
import org.edgeiam.grpc.iamanager.v6.StartProvisioningRequest;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;

/**
 * The runtime as AosEdge clients meet it at boot: a client that starts calling before the
 * runtime listens (polling every 5 ms, as a provisioning tool may) gets only successful answers
 * from the embedded default configuration, never "… is not available" nor UNIMPLEMENTED; and a
 * port another process holds leaves the runtime running, FAILED in {@code iam:health} with the
 * address, and serving as soon as the port is free.
 */
public class ReadinessTest {
    private static final String NODE_ID = "main-node-0001";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private RuntimeNode node;
    private final List<ManagedChannel> channels = new ArrayList<>();

    @After
    public void stop() throws InterruptedException {
        channels.forEach(ManagedChannel::shutdownNow);
        if (node != null) {
            node.close();
        }
    }

    /** The runtime's default configuration (configs/main-node.cfg) on loopback ports of the test. */
    private RuntimeNode defaultNode() throws Exception {
        Path repo = Path.of(System.getProperty("edgeiam.runtime.jar")).getParent().getParent().getParent();
        String cfg = Files.readString(repo.resolve("configs/main-node.cfg"))
                .replace("\":8090\"", "\"127.0.0.1:%PUBLIC%\"").replace("\":8089\"", "\"127.0.0.1:%PROTECTED%\"");
        RuntimeNode n = new RuntimeNode(tmp.getRoot().toPath().resolve("node"), cfg);
        Path identity = Files.createDirectories(n.dir.resolve("configs/identity"));
        try (var files = Files.list(repo.resolve("configs/identity"))) {
            for (Path f : files.toList()) {
                Files.copy(f, identity.resolve(f.getFileName()));
            }
        }
        return n;
    }

    @Test
    public void aClientCallingBeforeTheRuntimeListensGetsOnlySuccessfulAnswers() throws Exception {
        node = defaultNode();
        ManagedChannel pub = track(node.plaintext(node.publicPort));
        ManagedChannel prot = track(node.plaintext(node.protectedPort));
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger rounds = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        Thread client = new Thread(() -> {
            for (int i = 0; !done.get(); i++) {
                try {
                    call(pub, prot, i);
                    rounds.incrementAndGet();
                } catch (StatusRuntimeException e) {
                    failures.add(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
                }
                sleep(5);
            }
        }, "early-client");
        client.start();
        sleep(300); // the client is calling before the process even starts
        node.start(true);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (rounds.get() < 50 && System.nanoTime() < end && failures.isEmpty()) {
            sleep(20);
        }
        done.set(true);
        client.join(30_000);
        System.out.println("ReadinessTest: " + rounds.get() + " rounds of 6 calls from before the start, "
                + failures.size() + " failed");
        assertEquals("failed answers", List.of(), failures);
        assertTrue(rounds.get() >= 50);

        assertFalse(IAMProvisioningServiceGrpc.newBlockingStub(prot).withDeadlineAfter(30, TimeUnit.SECONDS)
                .startProvisioning(StartProvisioningRequest.newBuilder().setPassword("ready-password").build())
                .hasError());
    }

    private static void call(ManagedChannel pub, ManagedChannel prot, int i) {
        IAMPublicNodesServiceGrpc.newBlockingStub(pub).withWaitForReady().withDeadlineAfter(30, TimeUnit.SECONDS)
                .getAllNodeIDs(Empty.getDefaultInstance());
        IAMPublicNodesServiceGrpc.newBlockingStub(pub).withWaitForReady().withDeadlineAfter(30, TimeUnit.SECONDS)
                .getNodeInfo(GetNodeInfoRequest.newBuilder().setNodeId(NODE_ID).build());
        IAMPublicCurrentNodeServiceGrpc.newBlockingStub(pub).withWaitForReady().withDeadlineAfter(30, TimeUnit.SECONDS)
                .getCurrentNodeInfo(Empty.getDefaultInstance());
        IAMPublicIdentityServiceGrpc.newBlockingStub(pub).withWaitForReady().withDeadlineAfter(30, TimeUnit.SECONDS)
                .getSystemInfo(Empty.getDefaultInstance());
        IAMProvisioningServiceGrpc.newBlockingStub(prot).withWaitForReady().withDeadlineAfter(30, TimeUnit.SECONDS)
                .getCertTypes(GetCertTypesRequest.getDefaultInstance());
        IAMPermissionsServiceGrpc.newBlockingStub(prot).withWaitForReady().withDeadlineAfter(30, TimeUnit.SECONDS)
                .registerInstance(RegisterInstanceRequest.newBuilder()
                        .setInstance(InstanceIdent.newBuilder().setItemId("early").setSubjectId("s").setInstance(i))
                        .putPermissions("vis", Permissions.newBuilder().putPermissions("*", "r").build()).build());
    }

    /**
     * The same jar on a current JRE (Java 25: no Security Manager, which bnd's older launcher
     * required): it starts, answers a client that calls from before the start, and provisions.
     * Skipped, with this note, on a machine without the Temurin 25 JDK that this image ships.
     */
    @Test
    public void theRuntimeServesOnJava25() throws Exception {
        Path java25 = Path.of(System.getProperty("edgeiam.java25.home", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin",
                "java");
        org.junit.Assume.assumeTrue("no Java 25 at " + java25 + " (set edgeiam.java25.home)", Files.isExecutable(java25));
        node = defaultNode();
        node.javaBinary = java25;
        ManagedChannel pub = track(node.plaintext(node.publicPort));
        ManagedChannel prot = track(node.plaintext(node.protectedPort));
        node.start(true);
        call(pub, prot, 0);
        assertFalse(IAMProvisioningServiceGrpc.newBlockingStub(prot).withDeadlineAfter(30, TimeUnit.SECONDS)
                .startProvisioning(StartProvisioningRequest.newBuilder().setPassword("java25-password").build())
                .hasError());
        node.awaitLog("calls are served");
        Path exe = Files.readSymbolicLink(Path.of("/proc", Long.toString(node.pid()), "exe"));
        assertTrue("the runtime ran on " + exe, exe.startsWith(java25.getParent().getParent()));
    }

    @Test
    public void aTakenPortIsRetriedAndShownInHealthUntilItIsFree() throws Exception {
        node = defaultNode();
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress("127.0.0.1", node.publicPort));
            node.start(true);
            node.awaitLog("starting the gRPC servers: failed (cannot start the public gRPC server on");
            String health = node.command("iam:health");
            assertTrue(health, health.contains("IamServers") && health.contains("FAILED: cannot start the public gRPC"
                    + " server on /127.0.0.1:" + node.publicPort));
        }
        node.awaitLog("starting the gRPC servers: works again");
        ManagedChannel pub = track(node.plaintext(node.publicPort));
        assertEquals(NODE_ID, IAMPublicCurrentNodeServiceGrpc.newBlockingStub(pub).withDeadlineAfter(10, TimeUnit.SECONDS)
                .getCurrentNodeInfo(Empty.getDefaultInstance()).getNodeId());
        String health = node.command("iam:health");
        assertTrue(health, health.lines().anyMatch(l -> l.startsWith("IamServers") && l.endsWith("OK")));
    }


    private ManagedChannel track(ManagedChannel ch) {
        channels.add(ch);
        return ch;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
