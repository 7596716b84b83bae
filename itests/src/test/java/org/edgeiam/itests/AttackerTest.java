package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgeiam.grpc.iamanager.IAMVersionServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.ApplyCertRequest;
import org.edgeiam.grpc.iamanager.v6.ApplyCertResponse;
import org.edgeiam.grpc.iamanager.v6.FinishProvisioningRequest;
import org.edgeiam.grpc.iamanager.v6.FinishProvisioningResponse;
import org.edgeiam.grpc.iamanager.v6.GetCertRequest;
import org.edgeiam.grpc.iamanager.v6.IAMCertificateServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMProvisioningServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.GetNodeInfoRequest;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCertServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicNodesServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.NodeAttribute;
import org.edgeiam.grpc.iamanager.v6.NodeInfo;
import org.edgeiam.grpc.iamanager.v6.SubscribeCertChangedRequest;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;

/**
 * A provisioned main node in normal mode (TLS on both servers) tried as an attacker would: taking
 * over a secondary node's RegisterNode link from the public server and with another valid client
 * certificate on the protected one (before and after a restart of the main node), 10,000 hostile
 * RegisterNode attempts, a message too large for the public server, old TLS versions and a flood
 * of streams far beyond the cap while a well-behaved client keeps calling.
 */
public class AttackerTest {
    private static final String PASSWORD = "attacker-owner-password";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private RuntimeNode main;
    private TestCa ca;
    private final List<ManagedChannel> channels = new ArrayList<>();

    @After
    public void stop() throws InterruptedException {
        channels.forEach(ManagedChannel::shutdownNow);
        if (main != null) {
            main.close();
        }
    }

    private void startProvisionedMain() throws Exception {
        Path root = tmp.getRoot().toPath();
        ca = new TestCa(Files.createDirectories(root.resolve("ca")));
        main = new RuntimeNode(root.resolve("main"), UnitSetup.config(ca, "\"attrs\": {\"MainNode\": \"\"}",
                List.of("iam"), ""));
        Files.writeString(main.dir.resolve("node-id"), "attacked-main\n");
        UnitSetup.provisionMainNode(main, ca, PASSWORD, "localhost");
        main.start(false).awaitLog("protected gRPC server listening on");
    }

    @Test
    public void noStreamTakesOverANodeOnEitherServerBeforeOrAfterARestart() throws Exception {
        startProvisionedMain();
        Path[] victimCert = ca.client("victim-key");
        Path[] otherCert = ca.client("other-key");
        // the victim is provisioned through the main node, as AosEdge does: unprovisioned on the public
        // server, its certificate applied and provisioning finished by forwarded requests
        Link unprovisioned = Link.open(track(publicTls()), "victim", "unprovisioned");
        ManagedChannel operator = track(main.mutualTls(ca.cert(), ca.client("operator")));
        awaitState("victim", "unprovisioned");
        assertFalse(IAMCertificateServiceGrpc.newBlockingStub(operator).withDeadlineAfter(20, TimeUnit.SECONDS)
                .applyCert(ApplyCertRequest.newBuilder().setNodeId("victim").setType("iam")
                        .setCert(Files.readString(victimCert[0])).build()).hasError());
        assertFalse(IAMProvisioningServiceGrpc.newBlockingStub(operator).withDeadlineAfter(20, TimeUnit.SECONDS)
                .finishProvisioning(FinishProvisioningRequest.newBuilder().setNodeId("victim").setPassword("x").build())
                .hasError());
        Link victim = Link.open(track(main.mutualTls(ca.cert(), victimCert)), "victim", "provisioned");
        awaitLinked("victim");
        assertEquals("the protected stream with the applied key took over", Status.Code.ABORTED,
                unprovisioned.ended.get(10, TimeUnit.SECONDS).getCode());

        Link fromPublic = Link.open(track(publicTls()), "victim", "unprovisioned");
        Link otherKey = Link.open(track(main.mutualTls(ca.cert(), otherCert)), "victim", "provisioned");

        for (Link attacker : List.of(fromPublic, otherKey)) {
            Status refused = attacker.ended.get(10, TimeUnit.SECONDS);
            assertEquals(Status.Code.PERMISSION_DENIED, refused.getCode());
            assertTrue("no request for the victim reaches an attacker", attacker.received.isEmpty());
        }
        assertFalse("the victim keeps its stream", victim.ended.isDone());
        assertEquals("provisioned", nodeInfo("victim").getState());
        main.awaitLog("is not bound to node victim");

        main.kill();
        main.start(false).awaitLog("protected gRPC server listening on");
        Link afterRestart = Link.open(track(main.mutualTls(ca.cert(), otherCert)), "victim", "provisioned");
        assertEquals("the pin survives the restart", Status.Code.PERMISSION_DENIED,
                afterRestart.ended.get(10, TimeUnit.SECONDS).getCode());
        Link back = Link.open(track(main.mutualTls(ca.cert(), victimCert)), "victim", "provisioned");
        awaitLinked("victim");
        assertFalse(back.ended.isDone());
    }

    @Test
    public void tenThousandHostileRegistrationsLeaveNoNodeAndLittleHeap() throws Exception {
        startProvisionedMain();
        long heapBefore = usedHeapAfterGc();
        ManagedChannel[] attackers = new ManagedChannel[4];
        for (int i = 0; i < attackers.length; i++) {
            attackers[i] = track(publicTls());
        }
        String big = "x".repeat(250);
        Semaphore inFlight = new Semaphore(200);
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            NodeInfo.Builder info = NodeInfo.newBuilder().setNodeId("hostile-" + i).setTitle(big).setState("unprovisioned");
            for (int a = 0; a < 64; a++) {
                info.addAttrs(NodeAttribute.newBuilder().setName("attr" + a).setValue(big));
            }
            if (i % 2 == 0) {
                info.setNodeId("h".repeat(65) + i); // out of bounds: refused, closed after the grace
            }
            inFlight.acquire();
            Link link = Link.open(attackers[i % attackers.length], info.build());
            link.ended.whenComplete((s, t) -> {
                if (s != null && s.getCode() == Status.Code.PERMISSION_DENIED) {
                    refused.incrementAndGet();
                }
                ended.incrementAndGet();
                inFlight.release();
            });
            if (i % 10 != 0) {
                link.out.onCompleted(); // goes away at once; every tenth waits to be closed by the server
            }
        }
        inFlight.acquire(200);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        List<String> ids = IAMPublicNodesServiceGrpc.newBlockingStub(track(publicTls()))
                .withDeadlineAfter(10, TimeUnit.SECONDS).getAllNodeIDs(Empty.getDefaultInstance()).getIdsList();
        assertEquals("only the main node is left", List.of("attacked-main"), ids);
        long heap = usedHeapAfterGc();
        System.out.printf("AttackerTest: 10000 hostile RegisterNode attempts in %d s, %d refused, heap after GC %.1f MB"
                + " (%.1f MB before)%n", seconds, refused.get(), heap / 1048576.0, heapBefore / 1048576.0);
        assertEquals("every out-of-bounds NodeInfo that waited was refused", 1_000, refused.get());
        assertTrue("heap after GC grew from " + heapBefore + " to " + heap + " bytes",
                heap - heapBefore < 8L * 1024 * 1024);
    }

    @Test
    public void thePublicServerRefusesLargeMessagesAndOldTlsVersions() throws Exception {
        startProvisionedMain();
        GetCertRequest huge = GetCertRequest.newBuilder().setType("t".repeat(100 * 1024)).build();
        StatusRuntimeException e = org.junit.Assert.assertThrows(StatusRuntimeException.class,
                () -> IAMPublicCertServiceGrpc.newBlockingStub(track(publicTls())).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getCert(huge));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        StatusRuntimeException p = org.junit.Assert.assertThrows(StatusRuntimeException.class,
                () -> IAMPublicCertServiceGrpc.newBlockingStub(track(main.mutualTls(ca.cert(), ca.client("big"))))
                        .withDeadlineAfter(10, TimeUnit.SECONDS).getCert(huge));
        assertEquals("the protected server takes it and answers", Status.Code.NOT_FOUND, p.getStatus().getCode());
        assertTrue("the answer does not echo 100 KiB", p.getStatus().getDescription().length() <= 1024);

        for (String old : List.of("-tls1", "-tls1_1")) {
            String out = sClient(old);
            assertFalse(old + " must not connect:\n" + out, out.contains("Protocol version: TLSv1"
                    + (old.equals("-tls1") ? "\n" : ".1")));
            assertTrue(old + " refused:\n" + out, out.toLowerCase().contains("alert") || out.contains("error"));
        }
        assertTrue(sClient("-tls1_2").contains("Protocol version: TLSv1.2"));

        // a client that opens a connection and never starts the handshake is dropped after 10 s (was 120 s)
        try (java.net.Socket idle = new java.net.Socket("127.0.0.1", main.publicPort)) {
            idle.setSoTimeout(60_000);
            long t0 = System.nanoTime();
            int read;
            try {
                read = idle.getInputStream().read();
            } catch (java.net.SocketException reset) {
                read = -1;
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            System.out.println("AttackerTest: a connection without a TLS handshake was closed after " + ms + " ms");
            assertEquals(-1, read);
            assertTrue("closed after " + ms + " ms", ms >= 9_000 && ms < 30_000);
        }
    }

    @Test
    public void aFloodOfStreamsIsCappedWhileAWellBehavedClientKeepsItsAnswers() throws Exception {
        startProvisionedMain();
        List<CompletableFuture<Status>> streams = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            ManagedChannel flood = track(publicTls());
            for (int i = 0; i < 100; i++) {
                CompletableFuture<Status> end = new CompletableFuture<>();
                streams.add(end);
                IAMPublicCertServiceGrpc.newStub(flood).subscribeCertChanged(
                        SubscribeCertChangedRequest.newBuilder().setType("iam").build(), new StreamObserver<>() {
                            @Override
                            public void onNext(org.edgeiam.grpc.iamanager.v6.CertInfo value) {
                            }

                            @Override
                            public void onError(Throwable t) {
                                end.complete(Status.fromThrowable(t));
                            }

                            @Override
                            public void onCompleted() {
                                end.complete(Status.OK);
                            }
                        });
            }
        }
        ManagedChannel good = track(publicTls());
        List<Long> micros = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            long t0 = System.nanoTime();
            IAMPublicCertServiceGrpc.newBlockingStub(good).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getCert(GetCertRequest.newBuilder().setType("iam").build());
            micros.add((System.nanoTime() - t0) / 1000);
        }
        Thread.sleep(500);
        long refusedStreams = streams.stream().filter(f -> f.isDone()
                && f.getNow(Status.OK).getCode() == Status.Code.RESOURCE_EXHAUSTED).count();
        long open = streams.stream().filter(f -> !f.isDone()).count();
        micros.sort(null);
        long p99 = micros.get(micros.size() * 99 / 100);
        System.out.printf("AttackerTest: 2000 streams opened, %d open (cap 256), %d refused; well-behaved client"
                + " %d GetCert calls, p50 %d us, p99 %d us%n", open, refusedStreams, micros.size(),
                micros.get(micros.size() / 2), p99);
        assertEquals("the cap holds", 256, open);
        assertEquals(2000 - 256, refusedStreams);
        assertTrue("the well-behaved client got answers", micros.size() > 100);
        main.awaitLog("256 streams are open, the most it keeps");
    }

    private long usedHeapAfterGc() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(main.pid()), "GC.run").redirectErrorStream(true).start();
        p.waitFor(30, TimeUnit.SECONDS);
        Process info = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(main.pid()), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor(30, TimeUnit.SECONDS);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(out);
        assertTrue("jcmd GC.heap_info:\n" + out, m.find());
        return Long.parseLong(m.group(2)) * 1024;
    }

    private String sClient(String version) throws Exception {
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + main.publicPort, version,
                "-brief", "-CAfile", ca.cert().toString()).redirectErrorStream(true)
                .redirectInput(Files.writeString(tmp.getRoot().toPath().resolve("in"), "").toFile()).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private NodeInfo nodeInfo(String id) throws Exception {
        return IAMPublicNodesServiceGrpc.newBlockingStub(track(publicTls())).withDeadlineAfter(10, TimeUnit.SECONDS)
                .getNodeInfo(GetNodeInfoRequest.newBuilder().setNodeId(id).build());
    }

    private void awaitState(String id, String state) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                if (nodeInfo(id).getState().equals(state)) {
                    return;
                }
            } catch (StatusRuntimeException e) {
                // not registered yet
            }
            assertTrue("node " + id + " not " + state, System.nanoTime() < end);
            Thread.sleep(50);
        }
    }

    private void awaitLinked(String id) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!main.logged("node " + id + " registered (") || !nodeInfo(id).getState().equals("provisioned")) {
            assertTrue("node " + id + " not registered", System.nanoTime() < end);
            Thread.sleep(50);
        }
    }

    private ManagedChannel publicTls() throws Exception {
        return NettyChannelBuilder.forAddress("127.0.0.1", main.publicPort).overrideAuthority("localhost")
                .sslContext(GrpcSslContexts.forClient().trustManager(ca.cert().toFile()).build()).build();
    }

    private ManagedChannel track(ManagedChannel ch) {
        channels.add(ch);
        return ch;
    }

    /** A RegisterNode stream seen from the node's side. */
    private static final class Link implements StreamObserver<IAMIncomingMessages> {
        final LinkedBlockingQueue<IAMIncomingMessages> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Status> ended = new CompletableFuture<>();
        StreamObserver<IAMOutgoingMessages> out;

        static Link open(ManagedChannel ch, String nodeId, String state) {
            return open(ch, NodeInfo.newBuilder().setNodeId(nodeId).setState(state).build());
        }

        static Link open(ManagedChannel ch, NodeInfo info) {
            Link link = new Link();
            synchronized (link) {
                link.out = IAMPublicNodesServiceGrpc.newStub(ch).registerNode(link);
                link.out.onNext(IAMOutgoingMessages.newBuilder().setNodeInfo(info).build());
            }
            return link;
        }

        /** Answers what the main node forwards as a secondary that does it would, and keeps it. */
        @Override
        public void onNext(IAMIncomingMessages value) {
            received.add(value);
            IAMOutgoingMessages.Builder reply = IAMOutgoingMessages.newBuilder();
            if (value.hasApplyCertRequest()) {
                reply.setApplyCertResponse(ApplyCertResponse.newBuilder().setNodeId(value.getApplyCertRequest()
                        .getNodeId()));
            } else if (value.hasFinishProvisioningRequest()) {
                reply.setFinishProvisioningResponse(FinishProvisioningResponse.getDefaultInstance());
            } else {
                return;
            }
            synchronized (this) {
                out.onNext(reply.build());
            }
        }

        @Override
        public void onError(Throwable t) {
            ended.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            ended.complete(Status.OK);
        }
    }
}
