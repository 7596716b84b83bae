package org.edgeiam.iamserver.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.grpc.Status;

/**
 * The open subscription streams of one gRPC service whose backend is a dynamic OSGi service.
 * Each stream is subscribed to the backend while it is there; when the backend goes, the streams
 * stay open, and when a backend comes (back), every stream is subscribed to it again. So
 * clients keep their streams across a backend bundle's restart or replacement.
 *
 * @param <B> backend service type
 */
public final class StreamSubscriptions<B> {
    /** Subscribes one stream to a backend. */
    @FunctionalInterface
    public interface Subscriber<B> {
        /**
         * @param backend the backend
         * @return the subscription to close when the stream or the backend ends
         * @throws IamException if the backend refuses the subscription
         */
        Subscription subscribe(B backend) throws IamException;
    }

    /** Subscribes one stream to a backend, given how to send a message on the stream. */
    @FunctionalInterface
    public interface StreamSubscriber<B, T> {
        /**
         * @param backend the backend
         * @param send sends one message on the stream (bounded, in order)
         * @return the subscription to close when the stream or the backend ends
         * @throws IamException if the backend refuses the subscription
         */
        Subscription subscribe(B backend, java.util.function.Consumer<T> send) throws IamException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(StreamSubscriptions.class);
    private static final Subscription NONE = () -> { };

    private final Map<StreamSink<?>, Entry<B>> streams = new ConcurrentHashMap<>();
    private volatile B backend;

    /**
     * Adds a stream; subscribes it now if the backend is there.
     *
     * @param sink the stream
     * @param subscriber how to subscribe it
     * @throws IamException if the backend refuses the subscription (the stream is not added)
     */
    public synchronized void open(StreamSink<?> sink, Subscriber<B> subscriber) throws IamException {
        Subscription s = backend == null ? NONE : subscriber.subscribe(backend);
        streams.put(sink, new Entry<>(subscriber, s));
        sink.onClose(() -> close(sink));
    }

    /**
     * Serves a server-streaming call: a bounded {@link StreamSink} on the response, subscribed to
     * the backend now and after every rebind; a refused subscription ends the call with its status.
     *
     * @param response the call's observer
     * @param name what is streamed, for logs
     * @param capacity messages that may wait for a slow client
     * @param subscriber how to subscribe the stream to a backend
     * @param <T> message type
     */
    public <T> void serve(io.grpc.stub.StreamObserver<T> response, String name, int capacity,
            StreamSubscriber<B, T> subscriber) {
        StreamSink<T> sink = new StreamSink<>(response, name, capacity);
        try {
            open(sink, b -> subscriber.subscribe(b, sink::send));
        } catch (IamException e) {
            sink.fail(GrpcErrors.toStatus(e).getStatus());
        }
    }

    private synchronized void close(StreamSink<?> sink) {
        Entry<B> e = streams.remove(sink);
        if (e != null) {
            e.subscription.close();
        }
    }

    /** @param b the backend that arrived */
    public synchronized void bind(B b) {
        backend = b;
        streams.replaceAll((sink, e) -> {
            e.subscription.close(); // a backend replaced by another (greedy rebind) lets go first
            try {
                return new Entry<>(e.subscriber, e.subscriber.subscribe(b));
            } catch (IamException x) {
                LOG.warn("stream not resubscribed: {}", x.getMessage());
                sink.fail(Status.UNAVAILABLE.withDescription(x.getMessage()));
                return new Entry<>(e.subscriber, NONE);
            }
        });
    }

    /** @return the backend now bound, or {@code null}: the one source of it for the service */
    public B backend() {
        return backend;
    }

    /** @param b the backend that left */
    public synchronized void unbind(B b) {
        if (backend == b) {
            backend = null;
            streams.replaceAll((sink, e) -> {
                e.subscription.close();
                return new Entry<>(e.subscriber, NONE);
            });
        }
    }

    /** Ends every stream: the service is going away. */
    public void closeAll() {
        streams.keySet().forEach(sink -> sink.fail(Status.UNAVAILABLE.withDescription("service stopping")));
    }

    private record Entry<B>(Subscriber<B> subscriber, Subscription subscription) {
    }
}
