package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.edgeiam.grpc.iamanager.v6.CreateKeyRequest;
import org.edgeiam.grpc.iamanager.v6.FinishProvisioningRequest;
import org.edgeiam.grpc.iamanager.v6.GetCertTypesRequest;
import org.edgeiam.grpc.iamanager.v6.GetNodeInfoRequest;
import org.edgeiam.grpc.iamanager.v6.IAMCertificateServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMNodesServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMProvisioningServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicNodesServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.NodeInfo;
import org.edgeiam.grpc.iamanager.v6.PauseNodeRequest;
import org.edgeiam.grpc.iamanager.v6.ResumeNodeRequest;
import org.edgeiam.grpc.iamanager.v6.StartProvisioningRequest;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * A unit of two runtimes on loopback, each its own process with its own working directory and
 * software key store: the main node is provisioned and runs in normal mode (TLS, mutual TLS); the
 * secondary registers over the main node's public server, is provisioned end to end through the
 * main node (requests forwarded over its RegisterNode stream, certificates signed by an openssl
 * CA), reconnects over mutual TLS with its new certificate, is paused and resumed, and comes back
 * by itself after the main node is killed and restarted. The runtimes' logs are kept in
 * {@code target/multinode-logs}.
 */
public class MultiNodeTest {
    private static final String PASSWORD = "unit-owner-password";
    private static final String SECONDARY = "secondary-1";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private RuntimeNode main;
    private RuntimeNode secondary;

    @After
    public void stopAll() throws Exception {
        Path keep = Files.createDirectories(Path.of("target", "multinode-logs"));
        for (RuntimeNode node : new RuntimeNode[] {secondary, main}) {
            if (node != null) {
                node.close();
                try (var logs = Files.newDirectoryStream(node.dir, "runtime-*.log")) {
                    for (Path log : logs) {
                        Files.copy(log, keep.resolve(node.dir.getFileName() + "-" + log.getFileName()),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    @Test
    public void secondaryIsProvisionedThroughTheMainNodeAndFollowsItsRestarts() throws Exception {
        Path root = tmp.getRoot().toPath();
        TestCa ca = new TestCa(Files.createDirectories(root.resolve("ca")));
        main = new RuntimeNode(root.resolve("main"), UnitSetup.config(ca, "\"attrs\": {\"MainNode\": \"\"}", List.of("iam"), ""));
        Files.writeString(main.dir.resolve("node-id"), "main-1\n");
        UnitSetup.provisionMainNode(main, ca, PASSWORD, "main-1");
        main.start(false).awaitLog("protected gRPC server listening on");
        ManagedChannel cm = main.mutualTls(ca.cert(), ca.client("cm"));
        try {
            UnitSetup.awaitAnswer(cm);
            secondary = new RuntimeNode(root.resolve("secondary"), UnitSetup.config(ca, "\"nodeType\": \"secondary\"",
                    List.of("iam", "sm"), ", \"mainIAMPublicServerURL\": \"localhost:" + main.publicPort
                            + "\", \"mainIAMProtectedServerURL\": \"localhost:" + main.protectedPort + "\""));
            Files.writeString(secondary.dir.resolve("node-id"), SECONDARY + "\n");
            secondary.start(true);
            main.awaitLog("node " + SECONDARY + " registered (unprovisioned, public server)");
            thenMainOnlyServicesAreUnimplementedOnTheSecondary();

            whenMainProvisionsTheSecondary(cm, ca);
            main.awaitLog("node " + SECONDARY + " registered (provisioned, protected server)");
            assertEquals("provisioned", nodeInfo(cm, SECONDARY).getState());

            thenPauseAndResumeAreSeenBySubscribers(cm);
            thenNodeInfoPersistsAndForwardingFailsClearly(ca);
            cm.shutdownNow();
            cm = main.mutualTls(ca.cert(), ca.client("cm2"));
            thenSecondaryComesBackAfterTheMainNodeIsKilled(ca);
        } finally {
            cm.shutdownNow();
        }
        assertFalse("the password is never logged by the main node", Files.readString(main.log).contains(PASSWORD));
        assertFalse("the password is never logged by the secondary",
                Files.readString(secondary.log).contains(PASSWORD));
    }

    private void thenMainOnlyServicesAreUnimplementedOnTheSecondary() throws Exception {
        secondary.awaitLog("protected gRPC server listening on");
        ManagedChannel ch = secondary.plaintext(secondary.protectedPort);
        try {
            List<Runnable> mainOnly = List.of(
                    () -> IAMProvisioningServiceGrpc.newBlockingStub(ch).getCertTypes(
                            GetCertTypesRequest.getDefaultInstance()),
                    () -> IAMCertificateServiceGrpc.newBlockingStub(ch).createKey(CreateKeyRequest.newBuilder()
                            .setType("iam").build()),
                    () -> IAMNodesServiceGrpc.newBlockingStub(ch).pauseNode(PauseNodeRequest.getDefaultInstance()),
                    () -> IAMPublicNodesServiceGrpc.newBlockingStub(ch).getAllNodeIDs(Empty.getDefaultInstance()));
            for (Runnable call : mainOnly) {
                assertEquals(Status.Code.UNIMPLEMENTED, expectFailure(call).getStatus().getCode());
            }
        } finally {
            ch.shutdownNow();
        }
    }

    private void whenMainProvisionsTheSecondary(ManagedChannel cm, TestCa ca) throws Exception {
        IAMProvisioningServiceGrpc.IAMProvisioningServiceBlockingStub prov = IAMProvisioningServiceGrpc
                .newBlockingStub(cm);
        assertEquals("", prov.startProvisioning(StartProvisioningRequest.newBuilder().setNodeId(SECONDARY)
                .setPassword(PASSWORD).build()).getError().getMessage());
        List<String> types = prov.getCertTypes(GetCertTypesRequest.newBuilder().setNodeId(SECONDARY).build())
                .getTypesList();
        assertEquals(List.of("iam", "sm"), types.stream().sorted().toList());
        for (String type : types) {
            UnitSetup.provisionType(cm, SECONDARY, type, SECONDARY, ca, PASSWORD);
        }
        assertEquals("", prov.finishProvisioning(FinishProvisioningRequest.newBuilder().setNodeId(SECONDARY)
                .setPassword(PASSWORD).build()).getError().getMessage());
    }

    private void thenPauseAndResumeAreSeenBySubscribers(ManagedChannel cm) throws Exception {
        BlockingQueue<NodeInfo> changes = subscribe(cm);
        IAMNodesServiceGrpc.IAMNodesServiceBlockingStub nodes = IAMNodesServiceGrpc.newBlockingStub(cm);
        assertFalse(nodes.pauseNode(PauseNodeRequest.newBuilder().setNodeId(SECONDARY).build()).hasError());
        awaitState(changes, "paused");
        assertEquals("paused", nodeInfo(cm, SECONDARY).getState());
        assertEquals("a paused node cannot be paused again", "wrong state",
                nodes.pauseNode(PauseNodeRequest.newBuilder().setNodeId(SECONDARY).build()).getError().getMessage()
                        .replaceAll(":.*", ""));
        assertFalse(nodes.resumeNode(ResumeNodeRequest.newBuilder().setNodeId(SECONDARY).build()).hasError());
        awaitState(changes, "provisioned");
    }

    private void thenNodeInfoPersistsAndForwardingFailsClearly(TestCa ca) throws Exception {
        secondary.stop();
        main.kill();
        main.start(false).awaitLog("protected gRPC server listening on");
        ManagedChannel cm = main.mutualTls(ca.cert(), ca.client("cm1"));
        try {
            UnitSetup.awaitAnswer(cm);
            NodeInfo stored = nodeInfo(cm, SECONDARY);
            assertEquals("the secondary's information survives a restart of the main node", "provisioned",
                    stored.getState());
            assertEquals("secondary", stored.getNodeType());
            IAMProvisioningServiceGrpc.IAMProvisioningServiceBlockingStub prov = IAMProvisioningServiceGrpc
                    .newBlockingStub(cm);
            StatusRuntimeException down = expectFailure(() -> prov.getCertTypes(GetCertTypesRequest.newBuilder()
                    .setNodeId(SECONDARY).build()));
            assertEquals(Status.Code.UNAVAILABLE, down.getStatus().getCode());
            assertTrue(down.getMessage(), down.getMessage().contains("node " + SECONDARY
                    + " is not connected: get_cert_types_request failed after 3 attempts"));
            long t0 = System.nanoTime();
            StatusRuntimeException unknown = expectFailure(() -> prov.getCertTypes(GetCertTypesRequest.newBuilder()
                    .setNodeId("no-such-node").build()));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
            assertTrue("an unknown node fails at once, not after retries (" + ms + " ms)", ms < 900);
        } finally {
            cm.shutdownNow();
        }
        secondary.start(false);
        main.awaitLog("node " + SECONDARY + " registered (provisioned, protected server)");
    }

    /**
     * The main node is killed while a request it forwarded is with the secondary (frozen, so
     * that it cannot answer yet): the caller gets UNAVAILABLE at once, the secondary answers into
     * a dead stream without harm, registers again with the restarted main node, and forwarded
     * requests work again.
     */
    private void thenSecondaryComesBackAfterTheMainNodeIsKilled(TestCa ca) throws Exception {
        ManagedChannel cm = main.mutualTls(ca.cert(), ca.client("cm-mid"));
        java.util.concurrent.CompletableFuture<Status.Code> inFlight = new java.util.concurrent.CompletableFuture<>();
        try {
            secondary.freeze();
            IAMCertificateServiceGrpc.newStub(cm).createKey(CreateKeyRequest.newBuilder().setNodeId(SECONDARY)
                    .setType("sm").setSubject(SECONDARY).setPassword(PASSWORD).build(), new StreamObserver<>() {
                        @Override
                        public void onNext(org.edgeiam.grpc.iamanager.v6.CreateKeyResponse value) {
                        }

                        @Override
                        public void onError(Throwable t) {
                            inFlight.complete(Status.fromThrowable(t).getCode());
                        }

                        @Override
                        public void onCompleted() {
                            inFlight.complete(Status.Code.OK);
                        }
                    });
            Thread.sleep(500);
            assertFalse("the forwarded request waits for the frozen secondary", inFlight.isDone());
            long t0 = System.nanoTime();
            main.kill();
            assertEquals("the caller learns at once that the main node is gone", Status.Code.UNAVAILABLE,
                    inFlight.get(5, TimeUnit.SECONDS));
            System.out.println("MultiNodeTest: forwarded CreateKey failed " + (System.nanoTime() - t0) / 1_000_000
                    + " ms after the main node was killed mid-forward");
        } finally {
            secondary.thaw();
            cm.shutdownNow();
        }
        main.start(false);
        String log = main.awaitLog("node " + SECONDARY + " registered (provisioned, protected server)");
        long ms = java.time.Duration.between(logTime(log, "protected gRPC server listening on"),
                logTime(log, "node " + SECONDARY + " registered")).toMillis();
        System.out.println("MultiNodeTest: secondary registered again " + ms
                + " ms after the restarted main node's servers listened");
        assertTrue("the secondary came back " + ms + " ms after the main node's servers (reconnect interval 3 s)",
                ms < 6000);
        cm = main.mutualTls(ca.cert(), ca.client("cm3"));
        try {
            assertEquals("provisioned", nodeInfo(cm, SECONDARY).getState());
            assertEquals("forwarding works again", "", IAMCertificateServiceGrpc.newBlockingStub(cm)
                    .withDeadlineAfter(30, TimeUnit.SECONDS).createKey(CreateKeyRequest.newBuilder()
                            .setNodeId(SECONDARY).setType("sm").setSubject(SECONDARY).setPassword(PASSWORD).build())
                    .getError().getMessage());
        } finally {
            cm.shutdownNow();
        }
    }

    /** @return the time stamp (HH:mm:ss.SSS at the start) of the first log line containing the text */
    private static java.time.LocalTime logTime(String log, String text) {
        return log.lines().filter(l -> l.contains(text)).findFirst()
                .map(l -> java.time.LocalTime.parse(l.substring(0, 12))).orElseThrow();
    }

    private static BlockingQueue<NodeInfo> subscribe(ManagedChannel ch) {
        BlockingQueue<NodeInfo> changes = new LinkedBlockingQueue<>();
        IAMPublicNodesServiceGrpc.newStub(ch).subscribeNodeChanged(Empty.getDefaultInstance(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(NodeInfo value) {
                        changes.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        return changes;
    }

    private static void awaitState(BlockingQueue<NodeInfo> changes, String state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            NodeInfo info = changes.poll(100, TimeUnit.MILLISECONDS);
            if (info != null && info.getNodeId().equals(SECONDARY) && info.getState().equals(state)) {
                return;
            }
        }
        throw new AssertionError("no change of " + SECONDARY + " to " + state + " within 10 s");
    }

    private static NodeInfo nodeInfo(ManagedChannel ch, String nodeId) {
        return IAMPublicNodesServiceGrpc.newBlockingStub(ch).getNodeInfo(GetNodeInfoRequest.newBuilder()
                .setNodeId(nodeId).build());
    }

    private static StatusRuntimeException expectFailure(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call did not fail");
    }

}
