package org.edgeiam.iamclient.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.grpc.common.v2.ErrorInfo;
import org.edgeiam.grpc.iamanager.v6.ApplyCertRequest;
import org.edgeiam.grpc.iamanager.v6.CreateKeyRequest;
import org.edgeiam.grpc.iamanager.v6.CreateKeyResponse;
import org.edgeiam.grpc.iamanager.v6.DeprovisionRequest;
import org.edgeiam.grpc.iamanager.v6.FinishProvisioningRequest;
import org.edgeiam.grpc.iamanager.v6.GetCertTypesRequest;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.grpc.iamanager.v6.PauseNodeRequest;
import org.edgeiam.grpc.iamanager.v6.ResumeNodeRequest;
import org.edgeiam.grpc.iamanager.v6.StartProvisioningRequest;
import org.junit.jupiter.api.Test;

/**
 * The main's requests on the stream: each answered with the right message and content, the
 * state rules of a secondary node, and missing or failing backends answered with an error while
 * the stream carries on.
 */
class IamClientRequestsTest extends IamClientTestBase {
    static final String NODE = FakeCurrentNode.NODE_ID;
    static final String PASSWORD = "S3cr3t-PIN";

    static IAMIncomingMessages certTypes() {
        return request(b -> b.setGetCertTypesRequest(GetCertTypesRequest.newBuilder().setNodeId(NODE)));
    }

    static IAMIncomingMessages start(String password) {
        return request(b -> b.setStartProvisioningRequest(
                StartProvisioningRequest.newBuilder().setNodeId(NODE).setPassword(password)));
    }

    static IAMIncomingMessages finish(String password) {
        return request(b -> b.setFinishProvisioningRequest(
                FinishProvisioningRequest.newBuilder().setNodeId(NODE).setPassword(password)));
    }

    static IAMIncomingMessages deprovision(String password) {
        return request(b -> b.setDeprovisionRequest(
                DeprovisionRequest.newBuilder().setNodeId(NODE).setPassword(password)));
    }

    static IAMIncomingMessages pause() {
        return request(b -> b.setPauseNodeRequest(PauseNodeRequest.newBuilder().setNodeId(NODE)));
    }

    static IAMIncomingMessages resume() {
        return request(b -> b.setResumeNodeRequest(ResumeNodeRequest.newBuilder().setNodeId(NODE)));
    }

    static IAMIncomingMessages createKey(String type, String subject) {
        return request(b -> b.setCreateKeyRequest(CreateKeyRequest.newBuilder().setNodeId(NODE).setType(type)
                .setSubject(subject).setPassword(PASSWORD)));
    }

    static IAMIncomingMessages applyCert(String type, String cert) {
        return request(b -> b.setApplyCertRequest(ApplyCertRequest.newBuilder().setNodeId(NODE).setType(type)
                .setCert(cert)));
    }

    static void thenError(ErrorInfo error, ErrorCode code, String text) {
        assertEquals(code.aosCode(), error.getAosCode(), error.toString());
        assertTrue(error.getMessage().contains(text), () -> "'" + text + "' expected in: " + error.getMessage());
    }

    @Test
    void certTypesAreAnswered() throws Exception {
        TestMain.Stream stream = givenRegisteredAt(publicMain);

        IAMOutgoingMessages reply = whenRequested(stream, certTypes());

        assertEquals(List.of("iam", "sm"), reply.getCertTypesResponse().getTypesList());
    }

    @Test
    void certTypesWithoutProvisionManagerAreEmptyAndTheStreamCarriesOn() throws Exception {
        TestMain.Stream stream = givenRegisteredAt(publicMain);
        client.unbindProvisionManager(provisioning);

        assertTrue(whenRequested(stream, certTypes()).hasCertTypesResponse());
        assertEquals(0, whenRequested(stream, certTypes()).getCertTypesResponse().getTypesCount());

        client.bindProvisionManager(provisioning);
        assertEquals(List.of("iam", "sm"), whenRequested(stream, certTypes()).getCertTypesResponse().getTypesList());
    }

    @Test
    void startProvisioningRunsOnTheClientThreadWithThePassword() throws Exception {
        TestMain.Stream stream = givenRegisteredAt(publicMain);

        IAMOutgoingMessages reply = whenRequested(stream, start(PASSWORD));

        assertTrue(reply.hasStartProvisioningResponse());
        assertFalse(reply.getStartProvisioningResponse().hasError());
        assertEquals(List.of(new FakeProvisionManager.Call("start", PASSWORD, ConnectionLoop.THREAD_NAME)),
                provisioning.calls);
    }

    @Test
    void startProvisioningFailureIsInTheErrorField() throws Exception {
        TestMain.Stream stream = givenRegisteredAt(publicMain);

        IAMOutgoingMessages reply = whenRequested(stream, start(""));

        thenError(reply.getStartProvisioningResponse().getError(), ErrorCode.INVALID_ARGUMENT, "the password is empty");
    }

    @Test
    void provisioningOfAProvisionedNodeIsWrongState() throws Exception {
        givenNodeState(NodeState.PROVISIONED);
        TestMain.Stream stream = givenRegisteredAt(protectedMain);

        thenError(whenRequested(stream, start(PASSWORD)).getStartProvisioningResponse().getError(),
                ErrorCode.WRONG_STATE, "wrong state: start provisioning needs state unprovisioned, the node is provisioned");
        thenError(whenRequested(stream, finish(PASSWORD)).getFinishProvisioningResponse().getError(),
                ErrorCode.WRONG_STATE, "wrong state: finish provisioning needs state unprovisioned");
        assertTrue(provisioning.calls.isEmpty());
    }

    @Test
    void deprovisionOfAnUnprovisionedNodeIsWrongState() throws Exception {
        TestMain.Stream stream = givenRegisteredAt(publicMain);

        IAMOutgoingMessages reply = whenRequested(stream, deprovision(PASSWORD));

        thenError(reply.getDeprovisionResponse().getError(), ErrorCode.WRONG_STATE,
                "wrong state: deprovision needs state paused or provisioned, the node is unprovisioned");
        assertTrue(provisioning.calls.isEmpty());
    }

    @Test
    void pauseAndResumeSendNodeInfoBeforeTheResponse() throws Exception {
        givenNodeState(NodeState.PROVISIONED);
        TestMain.Stream stream = givenRegisteredAt(protectedMain);

        IAMOutgoingMessages info = whenRequested(stream, pause());
        assertEquals("paused", info.getNodeInfo().getState());
        IAMOutgoingMessages paused = stream.next();
        assertTrue(paused.hasPauseNodeResponse() && !paused.getPauseNodeResponse().hasError(), paused.toString());
        assertEquals(NodeState.PAUSED, node.nodeInfo().state());

        assertEquals("provisioned", whenRequested(stream, resume()).getNodeInfo().getState());
        IAMOutgoingMessages resumed = stream.next();
        assertTrue(resumed.hasResumeNodeResponse() && !resumed.getResumeNodeResponse().hasError(), resumed.toString());

        // the node's own change notifications repeat what was sent: not sent twice
        assertTrue(whenRequested(stream, certTypes()).hasCertTypesResponse());
    }

    @Test
    void pauseAndResumeInTheWrongStateAnswerOnlyTheError() throws Exception {
        givenNodeState(NodeState.PAUSED);
        TestMain.Stream stream = givenRegisteredAt(protectedMain);

        IAMOutgoingMessages reply = whenRequested(stream, pause());
        thenError(reply.getPauseNodeResponse().getError(), ErrorCode.WRONG_STATE,
                "wrong state: pause needs state provisioned, the node is paused");

        givenNodeState(NodeState.PROVISIONED);
        assertEquals("provisioned", stream.next().getNodeInfo().getState(), "NodeInfo after a change");
        thenError(whenRequested(stream, resume()).getResumeNodeResponse().getError(), ErrorCode.WRONG_STATE,
                "wrong state: resume needs state paused, the node is provisioned");
    }

    @Test
    void createKeyAnswersTheCsr() throws Exception {
        TestMain.Stream stream = givenRegisteredAt(publicMain);

        CreateKeyResponse reply = whenRequested(stream, createKey("iam", "my-subject")).getCreateKeyResponse();

        assertFalse(reply.hasError());
        assertEquals(NODE, reply.getNodeId());
        assertEquals("iam", reply.getType());
        assertTrue(reply.getCsr().contains("iam:my-subject"), reply.getCsr());
    }

    @Test
    void createKeyWithAnEmptySubjectUsesTheSystemId() throws Exception {
        TestMain.Stream stream = givenRegisteredAt(publicMain);
        client.bindIdentifier(new FakeIdentifier());

        CreateKeyResponse reply = whenRequested(stream, createKey("sm", "")).getCreateKeyResponse();

        assertTrue(reply.getCsr().contains("sm:" + FakeIdentifier.SYSTEM_ID), reply.getCsr());
    }

    @Test
    void createKeyWithAnEmptySubjectAndNoIdentifierIsInvalidArgument() throws Exception {
        TestMain.Stream stream = givenRegisteredAt(publicMain);

        CreateKeyResponse reply = whenRequested(stream, createKey("iam", "")).getCreateKeyResponse();

        thenError(reply.getError(), ErrorCode.INVALID_ARGUMENT, "subject is empty and this node has no identifier");
        assertEquals(CreateKeyResponse.newBuilder().setError(reply.getError()).build(), reply, "only the error");
    }

    @Test
    void missingCertHandlerIsUnavailableAndASwappedOneServes() throws Exception {
        TestMain.Stream stream = givenRegisteredAt(publicMain);
        client.unbindCertHandler(certs);

        thenError(whenRequested(stream, createKey("iam", "s")).getCreateKeyResponse().getError(),
                ErrorCode.UNAVAILABLE, "certificate handler is not available");
        thenError(whenRequested(stream, applyCert("iam", "serial=01")).getApplyCertResponse().getError(),
                ErrorCode.UNAVAILABLE, "certificate handler is not available");

        client.bindCertHandler(new FakeCertHandler());
        assertFalse(whenRequested(stream, createKey("iam", "s")).getCreateKeyResponse().hasError());
    }

    @Test
    void applyCertAnswersTheSerialAsLowerCaseHexText() throws Exception {
        TestMain.Stream stream = givenRegisteredAt(publicMain);

        IAMOutgoingMessages reply = whenRequested(stream, applyCert("iam", "serial=7F0A1b"));

        assertEquals(NODE, reply.getApplyCertResponse().getNodeId());
        assertFalse(reply.getApplyCertResponse().hasError());
        assertEquals("iam", reply.getApplyCertResponse().getCertInfo().getType());
        assertEquals("file:/certs/iam", reply.getApplyCertResponse().getCertInfo().getCertUrl());
        assertEquals("7f0a1b", reply.getApplyCertResponse().getCertInfo().getSerial().toStringUtf8());
        assertEquals("", reply.getApplyCertResponse().getCertInfo().getKeyUrl());
    }

    @Test
    void applyCertFailureIsInTheErrorField() throws Exception {
        TestMain.Stream stream = givenRegisteredAt(publicMain);

        IAMOutgoingMessages reply = whenRequested(stream, applyCert("tpm", "serial=01"));

        assertEquals(NODE, reply.getApplyCertResponse().getNodeId());
        assertFalse(reply.getApplyCertResponse().hasCertInfo());
        thenError(reply.getApplyCertResponse().getError(), ErrorCode.NOT_FOUND, "unknown cert type 'tpm'");
    }

    @Test
    void missingOrFailingBackendsAreAnsweredAndTheStreamCarriesOn() throws Exception {
        givenNodeState(NodeState.PROVISIONED);
        TestMain.Stream stream = givenRegisteredAt(protectedMain);
        client.unbindCurrentNode(node);
        thenError(whenRequested(stream, pause()).getPauseNodeResponse().getError(), ErrorCode.UNAVAILABLE,
                "current node is not available");

        client.bindCurrentNode(node);
        client.unbindProvisionManager(provisioning);
        thenError(whenRequested(stream, deprovision(PASSWORD)).getDeprovisionResponse().getError(),
                ErrorCode.UNAVAILABLE, "provision manager is not available");

        client.bindProvisionManager(provisioning);
        provisioning.failWith = new IllegalStateException("backend bug");
        thenError(whenRequested(stream, deprovision(PASSWORD)).getDeprovisionResponse().getError(),
                ErrorCode.RUNTIME, "deprovision failed unexpectedly: java.lang.IllegalStateException");
        assertEquals(0, whenRequested(stream, certTypes()).getCertTypesResponse().getTypesCount());

        provisioning.failWith = null;
        assertEquals("paused", whenRequested(stream, pause()).getNodeInfo().getState());
        assertTrue(stream.next().hasPauseNodeResponse());
    }

    @Test
    void requestsAreAnsweredInArrivalOrder() throws Exception {
        TestMain.Stream stream = givenRegisteredAt(publicMain);
        client.bindIdentifier(new FakeIdentifier());

        stream.send(createKey("iam", ""));
        stream.send(certTypes());
        stream.send(applyCert("sm", "serial=02"));
        stream.send(deprovision(PASSWORD));
        stream.send(request(b -> { }));
        stream.send(createKey("sm", "x"));

        assertTrue(stream.next().hasCreateKeyResponse());
        assertTrue(stream.next().hasCertTypesResponse());
        assertTrue(stream.next().hasApplyCertResponse());
        assertTrue(stream.next().hasDeprovisionResponse());
        assertEquals("sm", stream.next().getCreateKeyResponse().getType(), "a message with no request is ignored");
    }
}
