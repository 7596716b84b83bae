package org.edgeiam.iamserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * Streams and their backend under concurrency: a resubscription that fails (the backend refuses)
 * while the client cancels the same stream used to deadlock (the subscriptions' lock, then the
 * sink's; the cancel took them the other way round).
 */
class StreamSubscriptionsTest {

    @Test
    void aFailingResubscriptionWhileTheClientCancelsDoesNotDeadlock() throws Exception {
        StreamSubscriptions<String> streams = new StreamSubscriptions<>();
        CallObserver call = new CallObserver();
        StreamSink<String> sink = new StreamSink<>(call, "test", 4);
        CountDownLatch subscribing = new CountDownLatch(1);
        CountDownLatch refuse = new CountDownLatch(1);
        streams.open(sink, backend -> {
            subscribing.countDown();
            await(refuse);
            throw new IamException(ErrorCode.UNAVAILABLE, "backend refuses");
        });
        Thread binder = new Thread(() -> streams.bind("backend"), "binder");
        binder.start();
        assertTrue(subscribing.await(5, TimeUnit.SECONDS));
        Thread canceller = new Thread(call.onCancel, "canceller");
        canceller.start();
        awaitBlocked(canceller); // it waits for the subscriptions' lock that the binder holds
        refuse.countDown();

        binder.join(5_000);
        canceller.join(5_000);
        assertTrue(!binder.isAlive() && !canceller.isAlive(), "deadlock: binder " + binder.getState()
                + ", canceller " + canceller.getState());
        assertEquals(0, call.errors, "a cancelled stream is not failed afterwards");
    }

    private static void awaitBlocked(Thread t) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.getState() != Thread.State.BLOCKED && t.isAlive() && System.nanoTime() < end) {
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The server side of a call, as far as a sink uses it. */
    private static final class CallObserver extends ServerCallStreamObserver<String> {
        Runnable onCancel = () -> { };
        int errors;

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void setOnCancelHandler(Runnable handler) {
            onCancel = handler;
        }

        @Override
        public void setCompression(String compression) {
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setOnReadyHandler(Runnable handler) {
        }

        @Override
        public void request(int count) {
        }

        @Override
        public void setMessageCompression(boolean enable) {
        }

        @Override
        public void disableAutoInboundFlowControl() {
        }

        @Override
        public void onNext(String value) {
        }

        @Override
        public synchronized void onError(Throwable t) {
            if (Status.fromThrowable(t).getCode() != Status.Code.CANCELLED) {
                errors++;
            }
        }

        @Override
        public void onCompleted() {
        }
    }
}
