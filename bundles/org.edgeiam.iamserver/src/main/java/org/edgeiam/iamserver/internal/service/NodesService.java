package org.edgeiam.iamserver.internal.service;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMNodesServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.grpc.iamanager.v6.PauseNodeRequest;
import org.edgeiam.grpc.iamanager.v6.PauseNodeResponse;
import org.edgeiam.grpc.iamanager.v6.ResumeNodeRequest;
import org.edgeiam.grpc.iamanager.v6.ResumeNodeResponse;
import org.edgeiam.iamserver.internal.GrpcService;
import org.edgeiam.iamserver.internal.nodes.NodeController;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;

/**
 * {@code IAMNodesService} (protected server, main node): pauses and resumes a node. For a
 * secondary node the request is forwarded and, once it succeeds, the node manager records the
 * new state; for this node the state is set here (the main node checks no state, as AosEdge).
 */
@Component(property = GrpcService.SERVERS + "=" + GrpcService.PROTECTED)
public class NodesService extends IAMNodesServiceGrpc.IAMNodesServiceImplBase implements GrpcService {
    private static final String NAME = "IAMNodesService";

    private final ForwardingCall<PauseNodeResponse> pause = new ForwardingCall<>(NAME,
            e -> PauseNodeResponse.newBuilder().setError(e).build());
    private final ForwardingCall<ResumeNodeResponse> resume = new ForwardingCall<>(NAME,
            e -> ResumeNodeResponse.newBuilder().setError(e).build());

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CurrentNode currentNode;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeController nodeController;

    @Override
    public void pauseNode(PauseNodeRequest request, StreamObserver<PauseNodeResponse> response) {
        pause.run(() -> currentNode, () -> nodeController, request.getNodeId(), self -> {
            setOwnState(NodeState.PAUSED);
            return PauseNodeResponse.getDefaultInstance();
        }, IAMIncomingMessages.newBuilder().setPauseNodeRequest(request).build(),
                IAMOutgoingMessages::getPauseNodeResponse, response);
    }

    @Override
    public void resumeNode(ResumeNodeRequest request, StreamObserver<ResumeNodeResponse> response) {
        resume.run(() -> currentNode, () -> nodeController, request.getNodeId(), self -> {
            setOwnState(NodeState.PROVISIONED);
            return ResumeNodeResponse.getDefaultInstance();
        }, IAMIncomingMessages.newBuilder().setResumeNodeRequest(request).build(),
                IAMOutgoingMessages::getResumeNodeResponse, response);
    }

    private void setOwnState(NodeState state) throws IamException {
        CurrentNode node = currentNode;
        if (node == null) {
            throw new IamException(ErrorCode.UNAVAILABLE, "current node is not available");
        }
        node.setState(state);
    }

    @Override
    public ServerServiceDefinition definition() {
        return bindService();
    }
}
