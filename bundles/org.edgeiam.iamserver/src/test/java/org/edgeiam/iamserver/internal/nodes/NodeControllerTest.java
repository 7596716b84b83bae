package org.edgeiam.iamserver.internal.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.grpc.common.v2.ErrorInfo;
import org.edgeiam.grpc.iamanager.v6.CertTypes;
import org.edgeiam.grpc.iamanager.v6.CreateKeyResponse;
import org.edgeiam.grpc.iamanager.v6.GetCertTypesRequest;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMPublicNodesServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.PauseNodeRequest;
import org.edgeiam.grpc.iamanager.v6.PauseNodeResponse;
import org.edgeiam.iamserver.internal.GrpcService;
import org.edgeiam.iamserver.internal.ServerKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/** The node controller over real gRPC streams on loopback (plaintext), public and protected. */
class NodeControllerTest extends ControllerHarness {
    @Test
    void publicServerLinksUnprovisionedNodesAndProtectedServerProvisionedOnes() {
        new FakeSecondary(publicChannel).register("sec1", "unprovisioned");
        new FakeSecondary(protectedChannel).register("sec2", "provisioned");
        await(() -> nodes.connected("sec1") && nodes.connected("sec2"));
        assertEquals(List.of("sec1", "sec2"), controller.linkedNodes());
    }

    @Test
    void nodeInfoInAStateTheServerRefusesIsNotLinkedAndItsStreamClosedAfterTheGrace() throws Exception {
        FakeSecondary wrongPublic = new FakeSecondary(publicChannel).register("sec1", "provisioned");
        FakeSecondary wrongProtected = new FakeSecondary(protectedChannel).register("sec2", "unprovisioned");
        FakeSecondary badState = new FakeSecondary(protectedChannel).register("sec3", "sleeping");
        FakeSecondary ownId = new FakeSecondary(protectedChannel).register(MemoryNodes.MAIN, "provisioned");
        new FakeSecondary(publicChannel).register("ok", "unprovisioned");
        await(() -> nodes.connected("ok"));
        assertEquals(List.of("ok"), controller.linkedNodes());
        assertEquals(List.of("ok"), List.copyOf(nodes.nodes.keySet()), "refused nodes are not registered");
        wrongPublic.register("sec1", "unprovisioned");
        await(() -> nodes.connected("sec1"));
        for (FakeSecondary s : List.of(wrongProtected, badState, ownId)) {
            assertEquals(Status.Code.PERMISSION_DENIED, s.endedWithin(GRACE.toMillis() + 2000).getCode());
        }
        Thread.sleep(GRACE.toMillis() + 200);
        assertFalse(wrongPublic.ended.isDone(), "a corrected NodeInfo within the grace keeps the stream");
    }

    @Test
    void forwardsARequestAndReturnsTheReply() throws Exception {
        FakeSecondary sec = new FakeSecondary(publicChannel).register("sec1", "unprovisioned");
        await(() -> nodes.connected("sec1"));
        Future<IAMOutgoingMessages> reply = callers.submit(() -> controller.forward("sec1", certTypesRequest("sec1")));
        assertEquals("sec1", sec.next().getGetCertTypesRequest().getNodeId());
        sec.send(certTypesReply("iam", "sm"));
        assertEquals(List.of("iam", "sm"), reply.get(5, TimeUnit.SECONDS).getCertTypesResponse().getTypesList());
    }

    @Test
    void aReplyOfTheWrongTypeIsIgnoredAndTheRightOneStillArrives() throws Exception {
        FakeSecondary sec = new FakeSecondary(publicChannel).register("sec1", "unprovisioned");
        await(() -> nodes.connected("sec1"));
        Future<IAMOutgoingMessages> reply = callers.submit(() -> controller.forward("sec1", certTypesRequest("sec1")));
        sec.next();
        sec.send(IAMOutgoingMessages.newBuilder().setCreateKeyResponse(CreateKeyResponse.newBuilder().setCsr("x"))
                .build());
        sec.send(certTypesReply("iam"));
        assertEquals(List.of("iam"), reply.get(5, TimeUnit.SECONDS).getCertTypesResponse().getTypesList());
        assertTrue(nodes.connected("sec1"));
    }

    @Test
    void aNodeThatNeverAnswersTimesOutWithoutHoldingUpOtherNodes() throws Exception {
        FakeSecondary silent = new FakeSecondary(publicChannel).register("silent", "unprovisioned");
        FakeSecondary other = new FakeSecondary(publicChannel).register("other", "unprovisioned");
        await(() -> nodes.connected("silent") && nodes.connected("other"));
        Future<IAMOutgoingMessages> stuck = callers.submit(() -> controller.forward("silent",
                certTypesRequest("silent")));
        silent.next();
        Future<IAMOutgoingMessages> answered = callers.submit(() -> controller.forward("other",
                certTypesRequest("other")));
        other.next();
        other.send(certTypesReply("iam"));
        assertEquals(List.of("iam"), answered.get(5, TimeUnit.SECONDS).getCertTypesResponse().getTypesList());
        IamException e = failure(stuck);
        assertEquals(ErrorCode.TIMEOUT, e.code());
        assertTrue(e.getMessage().contains("silent did not answer get_cert_types_request"), e.getMessage());
    }

    @Test
    void aNodeNeverRegisteredFailsAtOnce() {
        IamException e = assertThrows(IamException.class, () -> controller.forward("ghost", certTypesRequest("ghost")));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals("node 'ghost' is not registered", e.getMessage());
    }

    @Test
    void aKnownNodeWhoseStreamIsDownIsTriedThreeTimesThenFails() throws Exception {
        FakeSecondary sec = new FakeSecondary(protectedChannel).register("sec1", "provisioned");
        await(() -> nodes.connected("sec1"));
        sec.close();
        await(() -> !nodes.connected("sec1"));
        IamException e = assertThrows(IamException.class, () -> controller.forward("sec1", certTypesRequest("sec1")));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().startsWith("node sec1 is not connected: get_cert_types_request failed after 3 attempts"),
                e.getMessage());
    }

    @Test
    void aNodeThatComesBackDuringTheRetriesGetsTheRequest() throws Exception {
        new FakeSecondary(protectedChannel).register("sec1", "provisioned").close();
        await(() -> nodes.state("sec1").isPresent() && !nodes.connected("sec1"));
        Future<IAMOutgoingMessages> reply = callers.submit(() -> controller.forward("sec1", certTypesRequest("sec1")));
        FakeSecondary back = new FakeSecondary(protectedChannel).register("sec1", "provisioned");
        back.next();
        back.send(certTypesReply("online"));
        assertEquals(List.of("online"), reply.get(5, TimeUnit.SECONDS).getCertTypesResponse().getTypesList());
    }

    @Test
    void aNewerStreamTakesOverAndTheOlderOneIsClosed() throws Exception {
        FakeSecondary older = new FakeSecondary(protectedChannel).register("sec1", "provisioned");
        await(() -> nodes.connected("sec1"));
        FakeSecondary newer = new FakeSecondary(protectedChannel).register("sec1", "provisioned");
        Status closed = older.ended.get(5, TimeUnit.SECONDS);
        assertEquals(Status.Code.ABORTED, closed.getCode());
        Future<IAMOutgoingMessages> reply = callers.submit(() -> controller.forward("sec1", certTypesRequest("sec1")));
        newer.next();
        newer.send(certTypesReply("sm"));
        assertEquals(List.of("sm"), reply.get(5, TimeUnit.SECONDS).getCertTypesResponse().getTypesList());
        assertTrue(nodes.connected("sec1"), "closing the older stream does not disconnect the node");
    }

    @Test
    void requestsOfOneTypeForOneNodeWaitInLine() throws Exception {
        FakeSecondary sec = new FakeSecondary(publicChannel).register("sec1", "unprovisioned");
        await(() -> nodes.connected("sec1"));
        Future<IAMOutgoingMessages> first = callers.submit(() -> controller.forward("sec1", certTypesRequest("sec1")));
        sec.next();
        Future<IAMOutgoingMessages> second = callers.submit(() -> controller.forward("sec1", certTypesRequest("sec1")));
        Thread.sleep(100);
        assertTrue(sec.received.isEmpty(), "the second request waits until the first is answered");
        sec.send(certTypesReply("a"));
        sec.next();
        sec.send(certTypesReply("b"));
        assertEquals(List.of("a"), first.get(5, TimeUnit.SECONDS).getCertTypesResponse().getTypesList());
        assertEquals(List.of("b"), second.get(5, TimeUnit.SECONDS).getCertTypesResponse().getTypesList());
    }

    @Test
    void theNewStateIsRecordedOnlyAfterASuccessfulReply() throws Exception {
        FakeSecondary sec = new FakeSecondary(protectedChannel).register("sec1", "provisioned");
        await(() -> nodes.connected("sec1"));
        IAMIncomingMessages pause = IAMIncomingMessages.newBuilder()
                .setPauseNodeRequest(PauseNodeRequest.newBuilder().setNodeId("sec1")).build();
        Future<IAMOutgoingMessages> refused = callers.submit(() -> controller.forward("sec1", pause));
        sec.next();
        sec.send(IAMOutgoingMessages.newBuilder().setPauseNodeResponse(PauseNodeResponse.newBuilder()
                .setError(ErrorInfo.newBuilder().setAosCode(ErrorCode.WRONG_STATE.aosCode()).setMessage("wrong state")))
                .build());
        refused.get(5, TimeUnit.SECONDS);
        assertEquals(NodeState.PROVISIONED, nodes.state("sec1").orElseThrow());
        Future<IAMOutgoingMessages> paused = callers.submit(() -> controller.forward("sec1", pause));
        sec.next();
        sec.send(IAMOutgoingMessages.newBuilder().setPauseNodeResponse(PauseNodeResponse.getDefaultInstance()).build());
        paused.get(5, TimeUnit.SECONDS);
        assertEquals(NodeState.PAUSED, nodes.state("sec1").orElseThrow());
    }

}
