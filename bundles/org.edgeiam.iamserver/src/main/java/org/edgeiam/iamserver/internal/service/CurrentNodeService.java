package org.edgeiam.iamserver.internal.service;

import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCurrentNodeServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.NodeInfo;
import org.edgeiam.iamserver.internal.GrpcErrors;
import org.edgeiam.iamserver.internal.GrpcService;
import org.edgeiam.iamserver.internal.StreamSubscriptions;
import org.edgeiam.util.wire.NodeInfoProto;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.google.protobuf.Empty;

import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;

/**
 * {@code IAMPublicCurrentNodeService}: this node's live NodeInfo and its changes. The
 * {@link CurrentNode} backend may come and go: without it calls answer UNAVAILABLE, and open
 * subscription streams stay open and resume when it returns.
 */
@Component(property = {GrpcService.SERVERS + "=" + GrpcService.PUBLIC,
        GrpcService.SERVERS + "=" + GrpcService.PROTECTED})
public class CurrentNodeService extends IAMPublicCurrentNodeServiceGrpc.IAMPublicCurrentNodeServiceImplBase
        implements GrpcService {
    private static final int STREAM_BUFFER = 64;

    private final StreamSubscriptions<CurrentNode> streams = new StreamSubscriptions<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindCurrentNode(CurrentNode node) {
        streams.bind(node);
    }

    void unbindCurrentNode(CurrentNode node) {
        streams.unbind(node);
    }

    @Deactivate
    void deactivate() {
        streams.closeAll();
    }

    @Override
    public void getCurrentNodeInfo(Empty request, StreamObserver<NodeInfo> response) {
        GrpcErrors.answer(response, () -> {
            CurrentNode node = streams.backend();
            if (node == null) {
                throw GrpcErrors.unavailable("current node");
            }
            return answer(node.nodeInfo());
        });
    }

    /** The last answer and what it was made from: the node changes rarely, calls come often. */
    private volatile Answered last = new Answered(null, null);

    private record Answered(org.edgeiam.api.node.NodeInfo info, NodeInfo proto) {
    }

    private NodeInfo answer(org.edgeiam.api.node.NodeInfo info) {
        Answered a = last;
        if (a.info() != info) { // NodeInfo is immutable: the same object is the same answer
            a = new Answered(info, NodeInfoProto.toProto(info));
            last = a;
        }
        return a.proto();
    }

    @Override
    public void subscribeCurrentNodeChanged(Empty request, StreamObserver<NodeInfo> response) {
        streams.serve(response, "current node", STREAM_BUFFER,
                (node, send) -> node.subscribe(info -> send.accept(NodeInfoProto.toProto(info))));
    }

    @Override
    public ServerServiceDefinition definition() {
        return bindService();
    }
}
