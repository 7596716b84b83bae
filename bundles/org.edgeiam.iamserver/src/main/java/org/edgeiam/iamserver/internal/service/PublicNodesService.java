package org.edgeiam.iamserver.internal.service;

import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.nodes.NodeManager;
import org.edgeiam.grpc.iamanager.v6.GetNodeInfoRequest;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMPublicNodesServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.NodeInfo;
import org.edgeiam.grpc.iamanager.v6.NodesID;
import org.edgeiam.iamserver.internal.GrpcErrors;
import org.edgeiam.iamserver.internal.GrpcService;
import org.edgeiam.iamserver.internal.ServerKind;
import org.edgeiam.iamserver.internal.StreamSubscriptions;
import org.edgeiam.util.wire.NodeInfoProto;
import org.edgeiam.iamserver.internal.nodes.NodeController;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.google.protobuf.Empty;

import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * {@code IAMPublicNodesService} (main node): the unit's nodes from the node manager and their
 * changes, and RegisterNode, the secondary nodes' stream, handed to the {@link NodeController}
 * with the server it arrived on.
 */
@Component(property = {GrpcService.SERVERS + "=" + GrpcService.PUBLIC,
        GrpcService.SERVERS + "=" + GrpcService.PROTECTED})
public class PublicNodesService extends IAMPublicNodesServiceGrpc.IAMPublicNodesServiceImplBase implements GrpcService {
    private static final String NAME = "IAMPublicNodesService";
    private static final int STREAM_BUFFER = 256;

    private final StreamSubscriptions<NodeManager> streams = new StreamSubscriptions<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CurrentNode currentNode;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeController nodeController;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindNodeManager(NodeManager manager) {
        streams.bind(manager);
    }

    void unbindNodeManager(NodeManager manager) {
        streams.unbind(manager);
    }

    @Deactivate
    void deactivate() {
        streams.closeAll();
    }

    @Override
    public void getAllNodeIDs(Empty request, StreamObserver<NodesID> response) {
        GrpcErrors.answer(response, () -> NodesID.newBuilder().addAllIds(manager().nodeIds()).build());
    }

    @Override
    public void getNodeInfo(GetNodeInfoRequest request, StreamObserver<NodeInfo> response) {
        GrpcErrors.answer(response, () -> NodeInfoProto.toProto(manager().node(request.getNodeId()).info()));
    }

    @Override
    public void subscribeNodeChanged(Empty request, StreamObserver<NodeInfo> response) {
        try {
            NodeScope.requireMain(currentNode, NAME);
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        }
        streams.serve(response, "nodes", STREAM_BUFFER,
                (m, send) -> m.subscribe(info -> send.accept(NodeInfoProto.toProto(info))));
    }

    @Override
    public StreamObserver<IAMOutgoingMessages> registerNode(StreamObserver<IAMIncomingMessages> response) {
        try {
            NodeScope.requireMain(currentNode, NAME);
            NodeController controller = nodeController;
            if (controller == null) {
                throw GrpcErrors.unavailable("node controller");
            }
            return controller.register(response, ServerKind.isPublic(), ServerKind.clientKeyPin(),
                    ServerKind.remoteHost());
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return new StreamObserver<>() {
                @Override
                public void onNext(IAMOutgoingMessages value) {
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                }
            };
        }
    }

    private NodeManager manager() {
        NodeScope.requireMain(currentNode, NAME);
        NodeManager m = streams.backend();
        if (m == null) {
            throw Status.UNAVAILABLE.withDescription("node manager is not available").asRuntimeException();
        }
        return m;
    }

    @Override
    public ServerServiceDefinition definition() {
        return bindService();
    }
}
