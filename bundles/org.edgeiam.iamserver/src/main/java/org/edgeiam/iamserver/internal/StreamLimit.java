package org.edgeiam.iamserver.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * A cap on the open streaming calls (subscriptions, RegisterNode) of one server, and on those of
 * one client address (loopback clients, the gateway's own processes, only count against the
 * server's cap): a stream beyond either is refused with RESOURCE_EXHAUSTED at once, so one client that opens thousands of streams
 * holds at most the cap's worth of memory and the unary calls of everybody else go on. The
 * refusal is logged once per burst (not per stream).
 */
final class StreamLimit implements ServerInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(StreamLimit.class);
    private static final ServerCall.Listener<Object> NOTHING = new ServerCall.Listener<>() {
    };

    private final String server;
    private final int max;
    private final int perClient;
    private final AtomicInteger open = new AtomicInteger();
    /** Open streams per remote address; an address with none has no entry (the map holds only live ones). */
    private final java.util.concurrent.ConcurrentHashMap<java.net.InetAddress, Integer> byClient =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicBoolean logged = new AtomicBoolean();

    StreamLimit(String server, int max, int perClient) {
        this.server = server;
        this.max = max;
        this.perClient = perClient;
    }

    /** @return the streams open now */
    int open() {
        return open.get();
    }

    /** @return how many client addresses have open streams now */
    int clients() {
        return byClient.size();
    }

    /** @return the call's client address, or null for loopback (local processes) */
    private static java.net.InetAddress client(ServerCall<?, ?> call) {
        java.net.SocketAddress remote = call.getAttributes().get(io.grpc.Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (!(remote instanceof java.net.InetSocketAddress inet) || inet.getAddress() == null
                || inet.getAddress().isLoopbackAddress()) {
            return null;
        }
        return inet.getAddress();
    }

    /** @return the client's streams after adding {@code delta} (per key atomic; an entry at 0 is removed) */
    private int count(java.net.InetAddress client, int delta) {
        Integer now = byClient.merge(client, delta, (a, b) -> a + b == 0 ? null : a + b);
        return now == null ? 0 : now;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (call.getMethodDescriptor().getType() == MethodType.UNARY) {
            return next.startCall(call, headers);
        }
        java.net.InetAddress client = client(call);
        if (client != null && count(client, 1) > perClient) {
            count(client, -1);
            call.close(Status.RESOURCE_EXHAUSTED.withDescription("the " + server + " server keeps at most " + perClient
                    + " open streams per client address"), new Metadata());
            return (ServerCall.Listener<Q>) NOTHING;
        }
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            if (client != null) {
                count(client, -1);
            }
            if (logged.compareAndSet(false, true)) {
                LOG.warn("{} server: {} streams are open, the most it keeps: new streams are refused until some end",
                        server, max);
            }
            call.close(Status.RESOURCE_EXHAUSTED.withDescription("the " + server + " server keeps at most " + max
                    + " open streams"), new Metadata());
            return (ServerCall.Listener<Q>) NOTHING;
        }
        AtomicBoolean ended = new AtomicBoolean();
        Runnable release = () -> {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            if (client != null) {
                count(client, -1);
            }
            if (open.decrementAndGet() < max * 9 / 10) {
                logged.set(false);
            }
        };
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(call, headers);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onComplete() {
                release.run();
                super.onComplete();
            }

            @Override
            public void onCancel() {
                release.run();
                super.onCancel();
            }
        };
    }
}
