package org.edgeiam.iamclient.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.api.provisioning.ProvisionManager;
import org.edgeiam.grpc.common.v2.ErrorInfo;
import org.edgeiam.grpc.iamanager.v6.ApplyCertRequest;
import org.edgeiam.grpc.iamanager.v6.ApplyCertResponse;
import org.edgeiam.grpc.iamanager.v6.CertTypes;
import org.edgeiam.grpc.iamanager.v6.CreateKeyRequest;
import org.edgeiam.grpc.iamanager.v6.CreateKeyResponse;
import org.edgeiam.grpc.iamanager.v6.DeprovisionResponse;
import org.edgeiam.grpc.iamanager.v6.FinishProvisioningResponse;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.grpc.iamanager.v6.PauseNodeResponse;
import org.edgeiam.grpc.iamanager.v6.ResumeNodeResponse;
import org.edgeiam.grpc.iamanager.v6.StartProvisioningResponse;
import org.edgeiam.spi.identifier.Identifier;
import org.edgeiam.util.wire.NodeInfoProto;
import org.edgeiam.util.wire.CertInfoProto;
import org.edgeiam.util.wire.ErrorInfoProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.Message;

/**
 * Answers the main node's requests with the local backends, as an AosEdge secondary IAM does
 * (aos-iam-v6.md §3, §5.3): provisioning operations only in the states that allow them, pause and
 * resume send the updated NodeInfo before their response, and business failures go into the
 * response's {@code error} field. A missing backend gives {@code UNAVAILABLE}; a backend that
 * throws unexpectedly gives {@code RUNTIME}. The node ID of requests is ignored: the main sends
 * only this node's requests here. Passwords are passed on, never logged.
 */
final class Requests {
    private static final Logger LOG = LoggerFactory.getLogger(Requests.class);

    private final Backends backends;

    /** @param backends the local backends */
    Requests(Backends backends) {
        this.backends = backends;
    }

    /**
     * @param request a request of the main node
     * @return the messages to send back, in order: the response, preceded by NodeInfo for pause
     *         and resume; none for a message that is no known request
     */
    List<IAMOutgoingMessages> handle(IAMIncomingMessages request) {
        IAMOutgoingMessages.Builder out = IAMOutgoingMessages.newBuilder();
        switch (request.getIAMIncomingMessageCase()) {
            case GET_CERT_TYPES_REQUEST:
                return List.of(out.setCertTypesResponse(CertTypes.newBuilder().addAllTypes(certTypes())).build());
            case START_PROVISIONING_REQUEST:
                return List.of(out.setStartProvisioningResponse(withError(StartProvisioningResponse.newBuilder(),
                        provisioning("start provisioning", Set.of(NodeState.UNPROVISIONED),
                                m -> m.startProvisioning(request.getStartProvisioningRequest().getPassword()))))
                        .build());
            case FINISH_PROVISIONING_REQUEST:
                return List.of(out.setFinishProvisioningResponse(withError(FinishProvisioningResponse.newBuilder(),
                        provisioning("finish provisioning", Set.of(NodeState.UNPROVISIONED),
                                m -> m.finishProvisioning(request.getFinishProvisioningRequest().getPassword()))))
                        .build());
            case DEPROVISION_REQUEST:
                return List.of(out.setDeprovisionResponse(withError(DeprovisionResponse.newBuilder(),
                        provisioning("deprovision", Set.of(NodeState.PROVISIONED, NodeState.PAUSED),
                                m -> m.deprovision(request.getDeprovisionRequest().getPassword()))))
                        .build());
            case PAUSE_NODE_REQUEST:
                return pauseOrResume(true);
            case RESUME_NODE_REQUEST:
                return pauseOrResume(false);
            case CREATE_KEY_REQUEST:
                return List.of(out.setCreateKeyResponse(createKey(request.getCreateKeyRequest())).build());
            case APPLY_CERT_REQUEST:
                return List.of(out.setApplyCertResponse(applyCert(request.getApplyCertRequest())).build());
            default:
                LOG.warn("ignoring a message of the main IAM that holds no known request");
                return List.of();
        }
    }

    private List<String> certTypes() {
        ProvisionManager manager = backends.provisionManager();
        if (manager == null) {
            LOG.info("cert types requested, but the provision manager is not available: answering none");
            return List.of();
        }
        try {
            return manager.certTypes();
        } catch (RuntimeException e) {
            LOG.warn("cert types requested, but the provision manager failed: answering none", e);
            return List.of();
        }
    }

    private ErrorInfo provisioning(String what, Set<NodeState> allowed, ProvisioningCall call) {
        return attempt(what, () -> {
            requireState(currentNode(), what, allowed);
            ProvisionManager manager = backends.provisionManager();
            if (manager == null) {
                throw new IamException(ErrorCode.UNAVAILABLE, "provision manager is not available");
            }
            call.run(manager);
        });
    }

    private List<IAMOutgoingMessages> pauseOrResume(boolean pause) {
        String what = pause ? "pause" : "resume";
        List<IAMOutgoingMessages> replies = new ArrayList<>(2);
        ErrorInfo error = attempt(what, () -> {
            CurrentNode current = currentNode();
            requireState(current, what, Set.of(pause ? NodeState.PROVISIONED : NodeState.PAUSED));
            current.setState(pause ? NodeState.PAUSED : NodeState.PROVISIONED);
            replies.add(IAMOutgoingMessages.newBuilder().setNodeInfo(NodeInfoProto.toProto(current.nodeInfo())).build());
        });
        if (error != null) {
            replies.clear();
        }
        IAMOutgoingMessages.Builder out = IAMOutgoingMessages.newBuilder();
        if (pause) {
            out.setPauseNodeResponse(withError(PauseNodeResponse.newBuilder(), error));
        } else {
            out.setResumeNodeResponse(withError(ResumeNodeResponse.newBuilder(), error));
        }
        replies.add(out.build());
        return replies;
    }

    private CreateKeyResponse createKey(CreateKeyRequest request) {
        String type = request.getType();
        String[] csr = new String[1];
        ErrorInfo error = attempt("create key (" + type + ")", () -> {
            String subject = request.getSubject();
            if (subject.isEmpty()) {
                Identifier id = backends.identifier();
                if (id == null) {
                    throw new IamException(ErrorCode.INVALID_ARGUMENT, "subject is empty and this node has no identifier");
                }
                subject = id.systemInfo().systemId();
            }
            csr[0] = certHandler().createKey(type, subject, request.getPassword());
        });
        if (error != null) {
            // as the main's CertificateService: on failure only the error
            return CreateKeyResponse.newBuilder().setError(error).build();
        }
        return CreateKeyResponse.newBuilder().setNodeId(nodeId(request.getNodeId())).setType(type).setCsr(csr[0])
                .build();
    }

    private ApplyCertResponse applyCert(ApplyCertRequest request) {
        ApplyCertResponse.Builder response = ApplyCertResponse.newBuilder().setNodeId(nodeId(request.getNodeId()));
        CertInfo[] applied = new CertInfo[1];
        ErrorInfo error = attempt("apply certificate (" + request.getType() + ")",
                () -> applied[0] = certHandler().applyCertificate(request.getType(), request.getCert()));
        return error == null ? response.setCertInfo(CertInfoProto.forApplyCert(applied[0])).build()
                : response.setError(error).build();
    }

    /** Runs a request, logs its outcome and returns its error, or {@code null} on success. */
    private static ErrorInfo attempt(String what, Call call) {
        try {
            call.run();
            LOG.info("{} requested by the main IAM: done", what);
            return null;
        } catch (IamException e) {
            LOG.info("{} requested by the main IAM failed: {}", what, e.getMessage());
            return ErrorInfoProto.toProto(e);
        } catch (RuntimeException e) {
            LOG.warn("{} requested by the main IAM failed unexpectedly", what, e);
            return ErrorInfoProto.toProto(new IamException(ErrorCode.RUNTIME,
                    what + " failed unexpectedly: " + e.getClass().getName()));
        }
    }

    private static void requireState(CurrentNode node, String what, Set<NodeState> allowed) throws IamException {
        NodeState state = node.nodeInfo().state();
        if (!allowed.contains(state)) {
            String names = allowed.stream().map(NodeState::wireName).sorted().collect(Collectors.joining(" or "));
            throw new IamException(ErrorCode.WRONG_STATE,
                    "wrong state: " + what + " needs state " + names + ", the node is " + state.wireName());
        }
    }

    private CurrentNode currentNode() throws IamException {
        CurrentNode node = backends.currentNode();
        if (node == null) {
            throw new IamException(ErrorCode.UNAVAILABLE, "current node is not available");
        }
        return node;
    }

    private CertHandler certHandler() throws IamException {
        CertHandler handler = backends.certHandler();
        if (handler == null) {
            throw new IamException(ErrorCode.UNAVAILABLE, "certificate handler is not available");
        }
        return handler;
    }

    /** @return this node's ID, or the requested one while the current node is not available */
    private String nodeId(String requested) {
        CurrentNode node = backends.currentNode();
        try {
            return node == null ? requested : node.nodeInfo().nodeId();
        } catch (RuntimeException e) {
            return requested;
        }
    }

    /**
     * Sets the {@code error} field that every provisioning and pause/resume response has (its
     * only field), if there is an error.
     */
    private static <B extends Message.Builder> B withError(B builder, ErrorInfo error) {
        if (error != null) {
            builder.setField(builder.getDescriptorForType().findFieldByName("error"), error);
        }
        return builder;
    }

    /** A request's work. */
    @FunctionalInterface
    private interface Call {
        void run() throws IamException;
    }

    /** A provisioning operation of the provision manager. */
    @FunctionalInterface
    private interface ProvisioningCall {
        void run(ProvisionManager manager) throws IamException;
    }
}
