package org.edgeiam.iamserver.internal.nodes;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMPublicNodesServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.NodeInfo;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** A secondary node's RegisterNode stream, driven by hand. */
final class FakeSecondary implements StreamObserver<IAMIncomingMessages> {
    final BlockingQueue<IAMIncomingMessages> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Status> ended = new CompletableFuture<>();
    private final StreamObserver<IAMOutgoingMessages> out;

    FakeSecondary(Channel channel) {
        this.out = IAMPublicNodesServiceGrpc.newStub(channel).registerNode(this);
    }

    /** A stream from another (simulated) client address. */
    static FakeSecondary from(Channel channel, String remoteHost) {
        Metadata headers = new Metadata();
        headers.put(ControllerHarness.REMOTE_HEADER, remoteHost);
        return new FakeSecondary(ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)));
    }

    /** A stream whose (simulated) client certificate has the key pin {@code clientKey}. */
    FakeSecondary(Channel channel, String clientKey) {
        Metadata headers = new Metadata();
        headers.put(ControllerHarness.CLIENT_KEY_HEADER, clientKey);
        this.out = IAMPublicNodesServiceGrpc.newStub(ClientInterceptors.intercept(channel,
                MetadataUtils.newAttachHeadersInterceptor(headers))).registerNode(this);
    }

    FakeSecondary send(NodeInfo info) {
        send(IAMOutgoingMessages.newBuilder().setNodeInfo(info).build());
        return this;
    }

    Status endedWithin(long ms) throws Exception {
        return ended.get(ms, TimeUnit.MILLISECONDS);
    }

    FakeSecondary register(String nodeId, String state) {
        send(IAMOutgoingMessages.newBuilder().setNodeInfo(NodeInfo.newBuilder().setNodeId(nodeId).setState(state))
                .build());
        return this;
    }

    synchronized void send(IAMOutgoingMessages message) {
        out.onNext(message);
    }

    IAMIncomingMessages next() throws InterruptedException {
        IAMIncomingMessages m = received.poll(5, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no request reached the secondary node within 5 s");
        }
        return m;
    }

    void close() {
        out.onCompleted();
    }

    @Override
    public void onNext(IAMIncomingMessages value) {
        received.add(value);
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
