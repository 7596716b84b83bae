package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.grpc.iamanager.IAMVersionServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.GetCertRequest;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCertServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCurrentNodeServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicNodesServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.NodeInfo;
import org.edgeiam.spi.storage.Storage;
import org.edgeiam.spi.storage.StorageStatus;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;

/** The runtime's bundles in a real Felix, answering over real gRPC. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RuntimeTest extends EdgeIamTestSupport {

    @Configuration
    public Option[] config() {
        return runtime("runtime");
    }

    @Test
    public void everyBundleIsActive() throws Exception {
        await(Storage.class);
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get("Fragment-Host") != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        assertTrue("bundles not active: " + notActive, notActive.isEmpty());
        assertTrue(installedBundle("org.edgeiam.iamserver").getState() == Bundle.ACTIVE);
    }

    @Test
    public void getApiVersionAndCurrentNodeInfoOverGrpc() throws Exception {
        await(CurrentNode.class);
        ManagedChannel channel = publicChannel();
        try {
            long version = IAMVersionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getAPIVersion(Empty.getDefaultInstance()).getVersion();
            assertEquals(6, version);
            NodeInfo info = IAMPublicCurrentNodeServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS).getCurrentNodeInfo(Empty.getDefaultInstance());
            assertEquals(NODE_ID, info.getNodeId());
            assertEquals("main", info.getNodeType());
            assertEquals(2048000L * 1024, info.getTotalRam());
            assertEquals("EdgeIAM Test CPU", info.getCpus(0).getModelName());
            assertEquals("unprovisioned", info.getState());
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    public void stateChangeReachesSubscriber() throws Exception {
        CurrentNode node = await(CurrentNode.class);
        ManagedChannel channel = publicChannel();
        BlockingQueue<NodeInfo> received = new LinkedBlockingQueue<>();
        try {
            IAMPublicCurrentNodeServiceGrpc.newStub(channel).subscribeCurrentNodeChanged(Empty.getDefaultInstance(),
                    new Collector(received));
            // the subscription is registered when the server has the call: retry the change until it arrives
            NodeInfo seen = null;
            NodeState[] states = {NodeState.PROVISIONED, NodeState.PAUSED, NodeState.PROVISIONED, NodeState.PAUSED};
            for (int i = 0; i < states.length && seen == null; i++) {
                node.setState(states[i]);
                seen = received.poll(2, TimeUnit.SECONDS);
            }
            assertTrue("no NodeInfo arrived on the stream", seen != null);
            assertEquals(NODE_ID, seen.getNodeId());
            assertTrue(seen.getState().equals("provisioned") || seen.getState().equals("paused"));
            Path stateFile = Path.of(context.getProperty(TEST_DIR), "work", ".provisionstate");
            assertEquals(seen.getState(), Files.readString(stateFile).trim());
        } finally {
            node.setState(NodeState.UNPROVISIONED);
            channel.shutdownNow();
        }
    }

    @Test
    public void databaseHasSchemaVersion() throws Exception {
        StorageStatus status = await(Storage.class).status();
        assertEquals(4, status.schemaVersion());
        assertTrue("DB file missing: " + status.location(), Files.isRegularFile(Path.of(status.location())));
        assertEquals(Long.valueOf(0), status.rowCounts().get("certificates"));
    }

    @Test
    public void grpcKeepsAnsweringWhileStorageBundleRestarts() throws Exception {
        await(Storage.class);
        ManagedChannel channel = publicChannel();
        try {
            IAMVersionServiceGrpc.IAMVersionServiceBlockingStub stub = IAMVersionServiceGrpc.newBlockingStub(channel);
            assertEquals(6, stub.getAPIVersion(Empty.getDefaultInstance()).getVersion());
            Bundle storage = installedBundle("org.edgeiam.storage.sqlite");
            storage.stop();
            assertEquals(6, stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getAPIVersion(Empty.getDefaultInstance()).getVersion());
            assertEquals(NODE_ID, IAMPublicCurrentNodeServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS).getCurrentNodeInfo(Empty.getDefaultInstance()).getNodeId());
            storage.start();
            assertEquals(4, await(Storage.class).status().schemaVersion());
            assertEquals(6, stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getAPIVersion(Empty.getDefaultInstance()).getVersion());
        } finally {
            channel.shutdownNow();
        }
    }

    /** A storage bundle restart under steady GetCert and GetAllNodeIDs calls: none of them fails. */
    @Test
    public void aStorageRestartUnderSteadyCallsLosesNoCall() throws Exception {
        await(Storage.class);
        ManagedChannel channel = publicChannel();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        Thread probe = new Thread(() -> {
            while (running.get()) {
                try {
                    IAMPublicCertServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .getCert(GetCertRequest.newBuilder().setType("iam").build());
                } catch (io.grpc.StatusRuntimeException e) {
                    if (e.getStatus().getCode() != io.grpc.Status.Code.NOT_FOUND) { // no certificate yet: fine
                        failures.add(e.getStatus().toString());
                    }
                }
                try {
                    IAMPublicNodesServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .getAllNodeIDs(Empty.getDefaultInstance());
                } catch (io.grpc.StatusRuntimeException e) {
                    failures.add(e.getStatus().toString());
                }
                calls.addAndGet(2);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "storage-swap-probe");
        try {
            probe.start();
            Thread.sleep(200);
            Bundle storage = installedBundle("org.edgeiam.storage.sqlite");
            storage.stop();
            Thread.sleep(300); // an upgrade's pause between the old bundle and the new one
            storage.start();
            await(Storage.class);
            Thread.sleep(300);
        } finally {
            running.set(false);
            probe.join(15_000);
            channel.shutdownNow();
        }
        System.out.println("RuntimeTest: storage restart under load: " + calls.get() + " calls, " + failures.size()
                + " failed");
        assertEquals("failed calls", List.of(), failures);
    }

    @Test
    public void nodesServiceAndShellKnowTheMainNode() throws Exception {
        await(org.edgeiam.api.nodes.NodeManager.class);
        ManagedChannel channel = publicChannel();
        try {
            var nodes = org.edgeiam.grpc.iamanager.v6.IAMPublicNodesServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!nodes.getAllNodeIDs(Empty.getDefaultInstance()).getIdsList().contains(NODE_ID)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(java.util.List.of(NODE_ID), nodes.getAllNodeIDs(Empty.getDefaultInstance()).getIdsList());
            NodeInfo main = nodes.getNodeInfo(org.edgeiam.grpc.iamanager.v6.GetNodeInfoRequest.newBuilder()
                    .setNodeId(NODE_ID).build());
            assertEquals("main", main.getNodeType());
            try {
                nodes.getNodeInfo(org.edgeiam.grpc.iamanager.v6.GetNodeInfoRequest.newBuilder().setNodeId("nope").build());
                throw new AssertionError("an unknown node answered");
            } catch (io.grpc.StatusRuntimeException e) {
                assertEquals(io.grpc.Status.Code.NOT_FOUND, e.getStatus().getCode());
            }
            CommandSession session = await(CommandProcessor.class).createSession(new ByteArrayInputStream(new byte[0]),
                    System.out, System.err);
            try {
                String listed = String.valueOf(session.execute("iam:nodes"));
                assertTrue(listed, listed.contains(NODE_ID) && listed.contains("connected"));
            } finally {
                session.close();
            }
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    public void shellCommandsDescribeNodeAndDatabase() throws Exception {
        await(Storage.class);
        await(CurrentNode.class);
        CommandProcessor processor = await(CommandProcessor.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        try {
            String node = String.valueOf(session.execute("iam:node"));
            assertTrue(node, node.contains(NODE_ID));
            assertTrue(node, node.contains("EdgeIAM Test CPU, 2 cores, 4 threads"));
            assertTrue(node, node.contains("main node    true"));
            String db = String.valueOf(session.execute("iam:db"));
            assertTrue(db, db.contains("schema version  4"));
            assertTrue(db, db.contains("certificates    0 rows"));
            Object helpResult = session.execute("help iam:node");
            String help = out.toString(StandardCharsets.UTF_8) + helpResult;
            assertTrue(help, help.contains("shows this node"));
        } finally {
            session.close();
        }
    }

    @Test
    public void everyIamCommandHasHelpText() throws Exception {
        CommandProcessor processor = await(CommandProcessor.class);
        for (String command : new String[] {"node", "nodes", "db", "certs", "keystores", "provisionstate", "ident",
            "perms", "health", "config", "upgrade", "deployments", "tenants", "creds", "credstate", "ca", "carenew"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            try {
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
                while (session.get("iam:" + command) == null && System.nanoTime() < deadline) {
                    Thread.sleep(20); // command components register as their bundles start
                }
                Object result = session.execute("help iam:" + command);
                String help = out.toString(StandardCharsets.UTF_8) + (result == null ? "" : result);
                assertTrue("iam:" + command + " has no help text: " + help,
                        help.contains("scope: iam") && help.lines().anyMatch(l -> l.matches(command + " - [a-z].{15,}")));
            } finally {
                session.close();
            }
        }
    }

    /** Collects stream messages. */
    private static final class Collector implements StreamObserver<NodeInfo> {
        private final BlockingQueue<NodeInfo> queue;

        Collector(BlockingQueue<NodeInfo> queue) {
            this.queue = queue;
        }

        @Override
        public void onNext(NodeInfo value) {
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
