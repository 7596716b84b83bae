package org.edgeiam.iamserver.internal.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.edgeiam.api.Subscription;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCurrentNodeServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.NodeInfo;
import org.edgeiam.iamserver.internal.GrpcErrors;
import org.edgeiam.iamserver.internal.GrpcService;
import org.edgeiam.iamserver.internal.StreamSink;
import org.edgeiam.iamserver.internal.convert.NodeInfoProto;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.google.protobuf.Empty;

import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
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

    private final Map<StreamSink<NodeInfo>, Subscription> streams = new ConcurrentHashMap<>();
    private volatile CurrentNode currentNode;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindCurrentNode(CurrentNode node) {
        this.currentNode = node;
        streams.replaceAll((sink, old) -> subscribe(node, sink));
    }

    synchronized void unbindCurrentNode(CurrentNode node) {
        if (this.currentNode == node) {
            this.currentNode = null;
            streams.replaceAll((sink, old) -> {
                old.close();
                return () -> { };
            });
        }
    }

    @Deactivate
    void deactivate() {
        streams.keySet().forEach(sink -> sink.fail(Status.UNAVAILABLE.withDescription("service stopping")));
    }

    @Override
    public void getCurrentNodeInfo(Empty request, StreamObserver<NodeInfo> response) {
        CurrentNode node = this.currentNode;
        if (node == null) {
            response.onError(GrpcErrors.unavailable("current node"));
            return;
        }
        response.onNext(NodeInfoProto.toProto(node.nodeInfo()));
        response.onCompleted();
    }

    @Override
    public synchronized void subscribeCurrentNodeChanged(Empty request, StreamObserver<NodeInfo> response) {
        StreamSink<NodeInfo> sink = new StreamSink<>(response, "current node", STREAM_BUFFER);
        CurrentNode node = this.currentNode;
        streams.put(sink, node == null ? () -> { } : subscribe(node, sink));
        sink.onClose(() -> {
            Subscription s = streams.remove(sink);
            if (s != null) {
                s.close();
            }
        });
    }

    private static Subscription subscribe(CurrentNode node, StreamSink<NodeInfo> sink) {
        return node.subscribe(info -> sink.send(NodeInfoProto.toProto(info)));
    }

    @Override
    public ServerServiceDefinition definition() {
        return bindService();
    }
}
