package org.edgeiam.iamserver.internal.nodes;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages.IAMOutgoingMessageCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * One RegisterNode stream, seen from the main node: it receives the secondary's messages and
 * sends it requests. A reply completes the waiting request of its type (one per type at a time;
 * the controller queues the rest); a reply nobody waits for is logged and dropped. When the
 * stream ends, every waiting request fails with {@link Closed} so the controller can try again.
 */
final class NodeLink implements StreamObserver<IAMOutgoingMessages> {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLink.class);

    /** The stream ended before the reply came. */
    static final class Closed extends Exception {
        private static final long serialVersionUID = 1L;

        Closed(String message) {
            super(message, null, false, false);
        }
    }

    private final ServerCallStreamObserver<IAMIncomingMessages> out;
    private final boolean publicServer;
    private final Optional<String> clientKey;
    private final String remoteHost;
    /** NodeInfos accepted per window on one stream: a node sends one per change, not a flood. */
    static final int NODE_INFOS_PER_WINDOW = 20;
    static final long NODE_INFO_WINDOW_MS = 10_000;
    private long windowStart = System.nanoTime();
    private int nodeInfosInWindow;
    private final NodeController controller;
    private final Map<IAMOutgoingMessageCase, CompletableFuture<IAMOutgoingMessages>> waiting =
            new ConcurrentHashMap<>();
    private volatile String nodeId;
    private boolean closed;
    /** The pending close of this stream while it has no accepted NodeInfo, or null. */
    private java.util.concurrent.Future<?> pendingClose;

    NodeLink(StreamObserver<IAMIncomingMessages> out, boolean publicServer, Optional<String> clientKey,
            String remoteHost, NodeController controller) {
        this.remoteHost = remoteHost;
        this.out = (ServerCallStreamObserver<IAMIncomingMessages>) out;
        this.publicServer = publicServer;
        this.clientKey = clientKey;
        this.controller = controller;
        this.out.setOnCancelHandler(() -> ended("cancelled by the node"));
    }

    boolean isPublic() {
        return publicServer;
    }

    /** @return the client's address */
    String remoteHost() {
        return remoteHost;
    }

    /** @return whether one more NodeInfo is within this stream's rate (called under the controller's lock) */
    boolean admitNodeInfo() {
        long now = System.nanoTime();
        if (now - windowStart > TimeUnit.MILLISECONDS.toNanos(NODE_INFO_WINDOW_MS)) {
            windowStart = now;
            nodeInfosInWindow = 0;
        }
        return ++nodeInfosInWindow <= NODE_INFOS_PER_WINDOW;
    }

    /** @return the key pin of the client certificate, if the stream came over mutual TLS */
    Optional<String> clientKey() {
        return clientKey;
    }

    /** @return the node this stream speaks for, or {@code null} before an accepted NodeInfo */
    String nodeId() {
        return nodeId;
    }

    void linkTo(String id) {
        this.nodeId = id;
        if (id != null) {
            cancelPendingClose();
        }
    }

    /** @param close the scheduled close of this unlinked stream; replaces (cancels) an earlier one */
    void closeLater(java.util.concurrent.Future<?> close) {
        java.util.concurrent.Future<?> earlier;
        synchronized (this) {
            if (closed) {
                close.cancel(false);
                return;
            }
            earlier = pendingClose;
            pendingClose = close;
        }
        if (earlier != null) {
            earlier.cancel(false);
        }
    }

    private void cancelPendingClose() {
        java.util.concurrent.Future<?> close;
        synchronized (this) {
            close = pendingClose;
            pendingClose = null;
        }
        if (close != null) {
            close.cancel(false);
        }
    }

    @Override
    public void onNext(IAMOutgoingMessages message) {
        IAMOutgoingMessageCase kind = message.getIAMOutgoingMessageCase();
        if (kind == IAMOutgoingMessageCase.NODE_INFO) {
            controller.nodeInfoReceived(this, message.getNodeInfo());
            return;
        }
        CompletableFuture<IAMOutgoingMessages> request = kind == IAMOutgoingMessageCase.IAMOUTGOINGMESSAGE_NOT_SET
                ? null : waiting.remove(kind);
        if (request == null) {
            LOG.warn("node {} sent {} that no request waits for: ignored", describe(), kind.name().toLowerCase());
            return;
        }
        request.complete(message);
    }

    @Override
    public void onError(Throwable t) {
        ended(Status.fromThrowable(t).getCode() == Status.Code.CANCELLED ? "cancelled by the node" : t.getMessage());
    }

    @Override
    public void onCompleted() {
        synchronized (this) {
            if (!closed) {
                out.onCompleted();
            }
        }
        ended("closed by the node");
    }

    /**
     * Sends a request and waits for its reply.
     *
     * @throws Closed if the stream ends first
     * @throws IamException {@code TIMEOUT} without a reply in time, {@code CANCELED} if interrupted
     */
    IAMOutgoingMessages exchange(IAMIncomingMessages request, Exchange exchange, Duration timeout,
            CallerWait caller) throws Closed, IamException {
        CompletableFuture<IAMOutgoingMessages> reply = new CompletableFuture<>();
        if (waiting.putIfAbsent(exchange.reply(), reply) != null) {
            throw new IllegalStateException("a " + exchange.wireName() + " is already waiting on node " + nodeId);
        }
        synchronized (this) {
            if (closed) {
                waiting.remove(exchange.reply(), reply);
                throw new Closed("stream of node " + nodeId + " is closed");
            }
            out.onNext(request);
        }
        try {
            boolean done = caller.await(timeout, ms -> {
                try {
                    reply.get(ms, TimeUnit.MILLISECONDS);
                    return true;
                } catch (TimeoutException e) {
                    return false;
                } catch (ExecutionException e) {
                    return true;
                }
            }, "waiting for node " + nodeId + " to answer " + exchange.wireName());
            if (!done) {
                throw new IamException(ErrorCode.TIMEOUT, "node " + nodeId + " did not answer " + exchange.wireName()
                        + " within " + caller.cap(timeout).toMillis() + " ms");
            }
            return reply.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw (Closed) e.getCause();
        } finally {
            waiting.remove(exchange.reply(), reply);
        }
    }

    /**
     * Ends the stream from this side.
     *
     * @param status what the node is told
     */
    void close(Status status) {
        synchronized (this) {
            if (!closed) {
                out.onError(status.asRuntimeException());
            }
        }
        ended(status.getDescription());
    }

    private void ended(String why) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        cancelPendingClose();
        Closed failure = new Closed("stream of node " + describe() + " ended: " + why);
        waiting.values().forEach(r -> r.completeExceptionally(failure));
        controller.streamEnded(this, why);
    }

    String describe() {
        String id = nodeId;
        return id == null ? "(not registered)" : id;
    }
}
