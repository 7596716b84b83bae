package org.edgeiam.iamserver.internal.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.grpc.iamanager.v6.ApplyCertRequest;
import org.edgeiam.grpc.iamanager.v6.ApplyCertResponse;
import org.edgeiam.grpc.iamanager.v6.DeprovisionRequest;
import org.edgeiam.grpc.iamanager.v6.DeprovisionResponse;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.grpc.iamanager.v6.NodeAttribute;
import org.edgeiam.grpc.iamanager.v6.NodeInfo;
import org.edgeiam.iamserver.internal.ServerKind;
import org.junit.jupiter.api.Test;

import io.grpc.Context;
import io.grpc.Status;

/**
 * RegisterNode as an attacker tries it: a public stream claiming a node that is linked or
 * provisioned, a protected stream with a certificate not bound to the node, NodeInfos beyond
 * every bound, a flood of public registrations, silent streams; and forwarding that honours the
 * caller's deadline.
 */
class RegistrationSecurityTest extends ControllerHarness {
    private static final String KEY_A = "a".repeat(64);
    private static final String KEY_B = "b".repeat(64);
    private static final long CLOSED_WITHIN = GRACE.toMillis() + 2_000;

    @Test
    void aPublicStreamCannotTakeOverAProtectedLink() throws Exception {
        givenProvisioned("sec1");
        FakeSecondary victim = new FakeSecondary(protectedChannel, KEY_A).register("sec1", "provisioned");
        await(() -> nodes.connected("sec1"));

        FakeSecondary attacker = new FakeSecondary(publicChannel).register("sec1", "unprovisioned");

        Status refused = attacker.endedWithin(CLOSED_WITHIN);
        assertEquals(Status.Code.PERMISSION_DENIED, refused.getCode());
        assertTrue(refused.getDescription().contains("sec1 is known as provisioned"), refused.getDescription());
        assertFalse(victim.ended.isDone(), "the real node keeps its stream");
        Future<IAMOutgoingMessages> reply = callers.submit(() -> controller.forward("sec1", certTypesRequest("sec1")));
        victim.next();
        victim.send(certTypesReply("iam"));
        assertEquals(List.of("iam"), reply.get(5, TimeUnit.SECONDS).getCertTypesResponse().getTypesList());
        assertTrue(attacker.received.isEmpty(), "the attacker never sees a request for the victim");
    }

    @Test
    void aPublicStreamCannotClaimAProvisionedNodeWhileItIsAway() throws Exception {
        givenProvisioned("sec1");
        new FakeSecondary(protectedChannel, KEY_A).register("sec1", "provisioned").close();
        await(() -> nodes.state("sec1").isPresent() && !nodes.connected("sec1"));

        FakeSecondary attacker = new FakeSecondary(publicChannel).register("sec1", "unprovisioned");

        assertEquals(Status.Code.PERMISSION_DENIED, attacker.endedWithin(CLOSED_WITHIN).getCode());
        assertEquals(NodeState.PROVISIONED, nodes.state("sec1").orElseThrow());
    }

    @Test
    void aPublicStreamCannotTakeOverAnotherPublicStream() throws Exception {
        FakeSecondary first = new FakeSecondary(publicChannel).register("new1", "unprovisioned");
        await(() -> nodes.connected("new1"));

        FakeSecondary second = new FakeSecondary(publicChannel).register("new1", "unprovisioned");

        assertEquals(Status.Code.PERMISSION_DENIED, second.endedWithin(CLOSED_WITHIN).getCode());
        assertFalse(first.ended.isDone());
    }

    @Test
    void onTheProtectedServerTheFirstKeyIsPinnedAndAnotherKeyIsRefused() throws Exception {
        givenProvisioned("sec1"); // provisioned before keys were pinned: its first key is taken
        FakeSecondary real = new FakeSecondary(protectedChannel, KEY_A).register("sec1", "provisioned");
        await(() -> nodes.connected("sec1"));
        assertEquals(List.of(KEY_A), nodes.keyPins("sec1"));

        FakeSecondary other = new FakeSecondary(protectedChannel, KEY_B).register("sec1", "provisioned");

        Status refused = other.endedWithin(CLOSED_WITHIN);
        assertEquals(Status.Code.PERMISSION_DENIED, refused.getCode());
        assertTrue(refused.getDescription().contains("is not bound to node sec1"), refused.getDescription());
        assertFalse(real.ended.isDone(), "the bound stream stays");
        FakeSecondary reconnect = new FakeSecondary(protectedChannel, KEY_A).register("sec1", "provisioned");
        assertEquals(Status.Code.ABORTED, real.endedWithin(5_000).getCode(), "the same key may take over");
        assertFalse(reconnect.ended.isDone());
    }

    @Test
    void aProtectedStreamWithAnUnboundKeyCannotClaimAnUnknownOrUnprovisionedNode() throws Exception {
        FakeSecondary provisioning = new FakeSecondary(publicChannel).register("sec1", "unprovisioned");
        await(() -> nodes.connected("sec1"));

        FakeSecondary other = new FakeSecondary(protectedChannel, KEY_B).register("sec1", "provisioned");
        FakeSecondary unknown = new FakeSecondary(protectedChannel, KEY_B).register("nobody", "provisioned");

        for (FakeSecondary s : List.of(other, unknown)) {
            Status refused = s.endedWithin(CLOSED_WITHIN);
            assertEquals(Status.Code.PERMISSION_DENIED, refused.getCode());
            assertTrue(refused.getDescription().contains("no client key is bound to node"), refused.getDescription());
        }
        assertFalse(provisioning.ended.isDone(), "the node being provisioned keeps its stream");
        assertEquals(NodeState.UNPROVISIONED, nodes.state("sec1").orElseThrow());
        assertEquals(List.of(), nodes.keyPins("sec1"));
        assertTrue(nodes.state("nobody").isEmpty());
    }

    @Test
    void aNodeWhosePublicStreamDropsDuringProvisioningComesBackWithTheAppliedKey() throws Exception {
        FakeSecondary sec = new FakeSecondary(publicChannel).register("sec1", "unprovisioned");
        await(() -> nodes.connected("sec1"));
        applyThroughTheMainNode(sec, "sec1");

        sec.close(); // the node restarts into provisioned before the main node heard of it
        await(() -> nodes.state("sec1").isEmpty());
        FakeSecondary back = new FakeSecondary(protectedChannel, ServerKind.keyPin(leaf())).register("sec1",
                "provisioned");

        await(() -> nodes.connected("sec1"));
        assertEquals(NodeState.PROVISIONED, nodes.state("sec1").orElseThrow());
        assertFalse(back.ended.isDone());
    }

    @Test
    void theIdOfAnUnprovisionedNodeThatJustWentAwayIsKeptForItsOwnAddress() throws Exception {
        FakeSecondary real = FakeSecondary.from(publicChannel, "10.0.0.7").register("new1", "unprovisioned");
        await(() -> nodes.connected("new1"));
        real.close();
        await(() -> nodes.state("new1").isEmpty());

        FakeSecondary squatter = FakeSecondary.from(publicChannel, "10.0.0.66").register("new1", "unprovisioned");

        Status refused = squatter.endedWithin(CLOSED_WITHIN);
        assertEquals(Status.Code.PERMISSION_DENIED, refused.getCode());
        assertTrue(refused.getDescription().contains("only its own address may register it again"),
                refused.getDescription());
        FakeSecondary back = FakeSecondary.from(publicChannel, "10.0.0.7").register("new1", "unprovisioned");
        await(() -> nodes.connected("new1"));
        assertFalse(back.ended.isDone());
    }

    @Test
    void aFloodOfNodeInfosOnOneStreamEndsIt() throws Exception {
        FakeSecondary chatty = new FakeSecondary(publicChannel);
        for (int i = 0; i <= NodeLink.NODE_INFOS_PER_WINDOW; i++) {
            chatty.send(NodeInfo.newBuilder().setNodeId("chatty").setState("unprovisioned").setTitle("t" + i).build());
        }
        Status refused = chatty.endedWithin(CLOSED_WITHIN);
        assertEquals(Status.Code.PERMISSION_DENIED, refused.getCode());
        assertTrue(refused.getDescription().contains("NodeInfos in 10 s on one stream"), refused.getDescription());
    }

    @Test
    void aForwardedApplyCertPinsTheNewKeyAndDeprovisionClearsThePins() throws Exception {
        String pin = ServerKind.keyPin(leaf());
        FakeSecondary sec = new FakeSecondary(publicChannel).register("sec1", "unprovisioned");
        await(() -> nodes.connected("sec1"));
        applyThroughTheMainNode(sec, "sec1");
        assertEquals(List.of(pin), nodes.keyPins("sec1"));
        nodes.setNodeState("sec1", NodeState.PROVISIONED);

        FakeSecondary stranger = new FakeSecondary(protectedChannel, KEY_A).register("sec1", "provisioned");
        assertEquals(Status.Code.PERMISSION_DENIED, stranger.endedWithin(CLOSED_WITHIN).getCode(),
                "no first-come pin once the main node applied the node's certificate");
        FakeSecondary provisioned = new FakeSecondary(protectedChannel, pin).register("sec1", "provisioned");
        await(() -> sec.ended.isDone());
        Future<IAMOutgoingMessages> deprovisioned = callers.submit(() -> controller.forward("sec1",
                IAMIncomingMessages.newBuilder().setDeprovisionRequest(DeprovisionRequest.newBuilder()
                        .setNodeId("sec1")).build()));
        provisioned.next();
        provisioned.send(IAMOutgoingMessages.newBuilder()
                .setDeprovisionResponse(DeprovisionResponse.getDefaultInstance()).build());
        deprovisioned.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), nodes.keyPins("sec1"));
        assertEquals(NodeState.UNPROVISIONED, nodes.state("sec1").orElseThrow());
    }

    @Test
    void nodeInfosBeyondTheBoundsAreRefusedNamingTheFieldAndNothingIsKept() throws Exception {
        NodeInfo.Builder ok = NodeInfo.newBuilder().setNodeId("n").setState("unprovisioned");
        List<NodeInfo> hostile = List.of(
                ok.clone().setNodeId("x".repeat(65)).build(),
                ok.clone().setNodeId("evil\r\nINFO forged line").build(),
                ok.clone().setTitle("t".repeat(257)).build(),
                ok.clone().setTitle("line\nbreak").build(),
                ok.clone().addAllAttrs(java.util.Collections.nCopies(65,
                        NodeAttribute.newBuilder().setName("a").setValue("v").build())).build());
        List<String> fields = List.of("node_id", "node_id", "title", "title", "attrs");
        for (int i = 0; i < hostile.size(); i++) {
            FakeSecondary s = new FakeSecondary(publicChannel).send(hostile.get(i));
            Status refused = s.endedWithin(CLOSED_WITHIN);
            assertEquals(Status.Code.PERMISSION_DENIED, refused.getCode());
            assertTrue(refused.getDescription().contains("NodeInfo." + fields.get(i)), refused.getDescription());
            assertFalse(refused.getDescription().contains("forged"), "the value is never repeated");
        }
        assertTrue(nodes.nodes.isEmpty(), "nothing registered: " + nodes.nodes.keySet());
    }

    @Test
    void publicRegistrationsAreCappedAndAnUnprovisionedNodeIsForgottenWhenItsStreamEnds() throws Exception {
        List<FakeSecondary> linked = new java.util.ArrayList<>();
        for (int i = 0; i < PUBLIC_MAX; i++) {
            linked.add(new FakeSecondary(publicChannel).register("new" + i, "unprovisioned"));
        }
        await(() -> controller.linkedNodes().size() == PUBLIC_MAX);

        FakeSecondary oneTooMany = new FakeSecondary(publicChannel).register("extra", "unprovisioned");
        Status refused = oneTooMany.endedWithin(CLOSED_WITHIN);
        assertTrue(refused.getDescription().contains("already links " + PUBLIC_MAX + " nodes"), refused.getDescription());

        linked.get(0).close();
        await(() -> nodes.state("new0").isEmpty());
        new FakeSecondary(publicChannel).register("extra", "unprovisioned");
        await(() -> nodes.connected("extra"));
    }

    @Test
    void aStreamThatNeverSendsANodeInfoIsClosedAfterTheTimeOut() throws Exception {
        FakeSecondary silent = new FakeSecondary(publicChannel);
        Status closed = silent.endedWithin(SILENCE.toMillis() + 2_000);
        assertEquals(Status.Code.PERMISSION_DENIED, closed.getCode());
        assertTrue(closed.getDescription().contains("no NodeInfo accepted"), closed.getDescription());
    }

    @Test
    void forwardingStopsWaitingWhenTheCallersDeadlinePasses() throws Exception {
        FakeSecondary sec = new FakeSecondary(protectedChannel).register("sec1", "provisioned");
        await(() -> nodes.connected("sec1"));
        long start = System.nanoTime();
        Context.CancellableContext call = Context.current().withDeadlineAfter(150, TimeUnit.MILLISECONDS,
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor());
        IamException e;
        try {
            e = org.junit.jupiter.api.Assertions.assertThrows(IamException.class,
                    () -> call.call(() -> controller.forward("sec1", certTypesRequest("sec1"))));
        } finally {
            call.cancel(null);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        sec.next();
        assertEquals(ErrorCode.CANCELED, e.code(), e.getMessage());
        assertTrue(ms < TIMEOUT_MS - 150, "the caller's 150 ms deadline ends the wait, not the " + TIMEOUT_MS
                + " ms forwarding time-out: " + ms + " ms");
    }

    /** The main node forwards ApplyCert with {@code leaf.pem} to the node, which accepts it. */
    private void applyThroughTheMainNode(FakeSecondary node, String nodeId) throws Exception {
        String pem = new String(getClass().getResourceAsStream("/leaf.pem").readAllBytes(), StandardCharsets.US_ASCII);
        Future<IAMOutgoingMessages> applied = callers.submit(() -> controller.forward(nodeId,
                IAMIncomingMessages.newBuilder().setApplyCertRequest(ApplyCertRequest.newBuilder().setNodeId(nodeId)
                        .setType("iam").setCert(pem)).build()));
        node.next();
        node.send(IAMOutgoingMessages.newBuilder().setApplyCertResponse(ApplyCertResponse.getDefaultInstance()).build());
        applied.get(5, TimeUnit.SECONDS);
    }

    private static X509Certificate leaf() throws Exception {
        try (InputStream in = RegistrationSecurityTest.class.getResourceAsStream("/leaf.pem")) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
