package org.edgeiam.iamserver.internal;

import java.util.ArrayDeque;
import java.util.Deque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * One server-streaming subscriber with a bounded buffer. Every notification is delivered in order
 * while the client keeps up (unlike AosEdge, which coalesces to the latest value); a client that
 * falls more than {@code capacity} messages behind has its stream ended with RESOURCE_EXHAUSTED
 * and a log line, and may subscribe again.
 *
 * @param <T> message type
 */
public final class StreamSink<T> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamSink.class);

    private final ServerCallStreamObserver<T> observer;
    private final String name;
    private final int capacity;
    private final Deque<T> pending = new ArrayDeque<>();
    private boolean closed;
    private Runnable onClose = () -> { };

    /**
     * @param observer the call's observer
     * @param name what is streamed, for logs
     * @param capacity how many messages may wait for a slow client
     */
    public StreamSink(StreamObserver<T> observer, String name, int capacity) {
        this.observer = (ServerCallStreamObserver<T>) observer;
        this.name = name;
        this.capacity = capacity;
        this.observer.setOnReadyHandler(this::drain);
        this.observer.setOnCancelHandler(this::cancelled);
    }

    /**
     * @param action run once when the stream ends for any reason (client cancel, overflow, close)
     */
    public synchronized void onClose(Runnable action) {
        this.onClose = action;
        if (closed) {
            action.run();
        }
    }

    /** @param message the next notification */
    public synchronized void send(T message) {
        if (closed) {
            return;
        }
        if (pending.size() >= capacity) {
            LOG.warn("{} subscriber is {} messages behind: ending its stream", name, pending.size());
            pending.clear();
            finish();
            observer.onError(Status.RESOURCE_EXHAUSTED
                    .withDescription(name + " subscriber too slow: more than " + capacity + " notifications pending")
                    .asRuntimeException());
            return;
        }
        pending.addLast(message);
        drain();
    }

    /**
     * Ends the stream with an error status.
     *
     * @param status why
     */
    public synchronized void fail(Status status) {
        if (!closed) {
            finish();
            observer.onError(status.asRuntimeException());
        }
    }

    private synchronized void drain() {
        while (!closed && observer.isReady() && !pending.isEmpty()) {
            observer.onNext(pending.removeFirst());
        }
    }

    private synchronized void cancelled() {
        if (!closed) {
            finish();
        }
    }

    private void finish() {
        closed = true;
        onClose.run();
    }
}
