package org.edgeiam.iamclient.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMPublicNodesServiceGrpc;
import org.edgeiam.util.wire.NodeInfoProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * One RegisterNode stream, run on the connection loop's thread: opens it, sends this node's
 * NodeInfo first, then handles the queued events one at a time until the stream ends. Requests
 * are answered in arrival order; NodeInfo is sent again when it changed. When the node's state
 * now belongs to the main's other server, or the client certificate of a mutual TLS stream
 * changed, the stream is half-closed (so the replies already sent reach the main) and the loop
 * reconnects at once. The stream counts as connected once gRPC put it on a transport, and as
 * failed to connect if that did not happen within {@value #CONNECT_TIMEOUT_MS} ms.
 */
final class Session {
    /** How long the stream may take to reach a connected transport. */
    static final long CONNECT_TIMEOUT_MS = 3000;
    /** How long a half-closed stream is given to end before it is cancelled. */
    static final long CLOSE_GRACE_MS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    /** How a session ended. */
    enum Outcome {
        /** There was no connection: rotate the credentials and wait. */
        CONNECT_FAILED,
        /** The stream ended: wait and reconnect. */
        ENDED,
        /** Reconnect at once, to another server, with another certificate or other credentials. */
        SWITCH,
        /** The client stops. */
        STOPPED
    }

    private final long attempt;
    private final Route route;
    private final ManagedChannel channel;
    private final BlockingQueue<Event> events;
    private final Backends backends;
    private final Requests requests;
    private final ConnectionLog log;
    private ClientCallStreamObserver<IAMOutgoingMessages> out;
    private boolean ready;
    private boolean received;
    private long readyAt;
    private org.edgeiam.grpc.iamanager.v6.NodeInfo lastNodeInfo;

    Session(long attempt, Route route, ManagedChannel channel, BlockingQueue<Event> events, Backends backends,
            Requests requests, ConnectionLog log) {
        this.attempt = attempt;
        this.route = route;
        this.channel = channel;
        this.events = events;
        this.backends = backends;
        this.requests = requests;
        this.log = log;
    }

    /**
     * @param first this node's information, sent first
     * @return how the session ended
     * @throws InterruptedException if the thread was interrupted (the client stops)
     */
    Outcome run(NodeInfo first) throws InterruptedException {
        open();
        sendNodeInfo(first);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS);
        while (true) {
            Event event = ready ? events.take() : events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                out.cancel("no connection within " + CONNECT_TIMEOUT_MS + " ms", null);
                log.cannotConnect(route, "no connection within " + CONNECT_TIMEOUT_MS + " ms");
                return Outcome.CONNECT_FAILED;
            }
            Outcome outcome = handle(event);
            if (outcome != null) {
                return outcome;
            }
        }
    }

    private Outcome handle(Event event) {
        if (event instanceof Event.Stop) {
            out.cancel("the client stops", null);
            return Outcome.STOPPED;
        } else if (event instanceof Event.StreamReady r) {
            if (r.attempt() == attempt) {
                connected();
            }
        } else if (event instanceof Event.StreamEnded e) {
            return e.attempt() == attempt ? ended(e.status()) : null;
        } else if (event instanceof Event.Incoming in) {
            if (in.attempt() == attempt) {
                connected();
                received = true;
                LOG.debug("request from the main IAM: {}", in.message().getIAMIncomingMessageCase());
                requests.handle(in.message()).forEach(this::send);
            }
        } else if (event instanceof Event.NodeChanged n) {
            return nodeChanged(n.info());
        } else if (event instanceof Event.BackendsChanged) {
            CurrentNode node = backends.currentNode();
            return node == null ? null : nodeChanged(node.nodeInfo());
        } else if (event instanceof Event.CertChanged && route.credential() == Route.Credential.MUTUAL_TLS) {
            LOG.info("the client certificate changed: reconnecting to the main IAM's {}", route.server());
            closeGracefully();
            return Outcome.SWITCH;
        }
        return null;
    }

    private void open() {
        AtomicBoolean readyPosted = new AtomicBoolean();
        IAMPublicNodesServiceGrpc.newStub(channel).registerNode(
                new ClientResponseObserver<IAMOutgoingMessages, IAMIncomingMessages>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<IAMOutgoingMessages> stream) {
                        out = stream;
                        stream.setOnReadyHandler(() -> {
                            if (readyPosted.compareAndSet(false, true)) {
                                events.add(new Event.StreamReady(attempt));
                            }
                        });
                    }

                    @Override
                    public void onNext(IAMIncomingMessages message) {
                        events.add(new Event.Incoming(attempt, message));
                    }

                    @Override
                    public void onError(Throwable t) {
                        events.add(new Event.StreamEnded(attempt, Status.fromThrowable(t)));
                    }

                    @Override
                    public void onCompleted() {
                        events.add(new Event.StreamEnded(attempt, Status.OK));
                    }
                });
    }

    private void connected() {
        if (!ready) {
            ready = true;
            readyAt = System.nanoTime();
            log.connected(route, lastNodeInfo == null ? "?" : lastNodeInfo.getNodeId());
        }
    }

    private Outcome ended(Status status) {
        String reason = status.isOk() ? "the main IAM closed it" : describe(status);
        if (!ready) {
            log.cannotConnect(route, reason);
            return Outcome.CONNECT_FAILED;
        }
        boolean established = received
                || System.nanoTime() - readyAt >= TimeUnit.MILLISECONDS.toNanos(ConnectionLog.ESTABLISHED_AFTER_MS);
        log.ended(route, reason, established);
        return Outcome.ENDED;
    }

    private Outcome nodeChanged(NodeInfo info) {
        Route.Server wanted = Route.Server.accepting(info.state());
        if (wanted != route.server()) {
            LOG.info("node {} is now {}: moving from the main IAM's {} server to its {} server", info.nodeId(),
                    info.state().wireName(), route.server(), wanted);
            closeGracefully();
            return Outcome.SWITCH;
        }
        sendNodeInfo(info);
        return null;
    }

    /** Sends NodeInfo unless the main got exactly this one last. */
    private void sendNodeInfo(NodeInfo info) {
        org.edgeiam.grpc.iamanager.v6.NodeInfo proto = NodeInfoProto.toProto(info);
        if (!proto.equals(lastNodeInfo)) {
            send(IAMOutgoingMessages.newBuilder().setNodeInfo(proto).build());
        }
    }

    private void send(IAMOutgoingMessages message) {
        if (message.hasNodeInfo()) {
            lastNodeInfo = message.getNodeInfo();
        }
        try {
            out.onNext(message);
        } catch (RuntimeException e) {
            // the stream is closing; its end event follows
            LOG.debug("cannot send {} to the main IAM: {}", message.getIAMOutgoingMessageCase(), e.toString());
        }
    }

    /** Half-closes, so that what was sent is delivered, and gives the main a moment to end the call. */
    private void closeGracefully() {
        try {
            out.onCompleted();
        } catch (RuntimeException e) {
            LOG.debug("cannot half-close the stream: {}", e.toString());
        }
        channel.shutdown();
        try {
            if (!channel.awaitTermination(CLOSE_GRACE_MS, TimeUnit.MILLISECONDS)) {
                LOG.debug("the main IAM did not end the stream within {} ms: cancelling it", CLOSE_GRACE_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Status status) {
        StringBuilder text = new StringBuilder(status.getCode().toString());
        if (status.getDescription() != null) {
            text.append(": ").append(status.getDescription());
        }
        if (status.getCause() != null) {
            Throwable cause = status.getCause();
            text.append(" (").append(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName())
                    .append(')');
        }
        return text.toString();
    }
}
