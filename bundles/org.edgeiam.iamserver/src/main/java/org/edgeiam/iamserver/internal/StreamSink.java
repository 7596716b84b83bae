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
 * and a log line, and may subscribe again. The close action runs after this sink's lock is
 * released, so it may take the lock of the {@link StreamSubscriptions} that holds the sink while
 * that one, under its own lock, fails or feeds this sink (no lock-order inversion).
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
    public void onClose(Runnable action) {
        synchronized (this) {
            if (!closed) {
                this.onClose = action;
                return;
            }
        }
        action.run();
    }

    /** @param message the next notification */
    public void send(T message) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (pending.size() < capacity) {
                pending.addLast(message);
                drain();
                return;
            }
            LOG.warn("{} subscriber is {} messages behind: ending its stream", name, pending.size());
            pending.clear();
            closed = true;
            observer.onError(Status.RESOURCE_EXHAUSTED
                    .withDescription(name + " subscriber too slow: more than " + capacity + " notifications pending")
                    .asRuntimeException());
        }
        closeAction().run();
    }

    /**
     * Ends the stream with an error status.
     *
     * @param status why
     */
    public void fail(Status status) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            observer.onError(status.asRuntimeException());
        }
        closeAction().run();
    }

    private synchronized void drain() {
        while (!closed && observer.isReady() && !pending.isEmpty()) {
            observer.onNext(pending.removeFirst());
        }
    }

    private void cancelled() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closeAction().run();
    }

    /** @return the close action, to run once, without this sink's lock, after {@code closed} was set */
    private synchronized Runnable closeAction() {
        Runnable action = onClose;
        onClose = () -> { };
        return action;
    }
}
