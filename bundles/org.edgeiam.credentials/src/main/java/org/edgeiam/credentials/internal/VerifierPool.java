package org.edgeiam.credentials.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that check passwords: a fixed number of them and a bounded queue. A task that
 * finds both full is refused at once ({@link #tryExecute} answers {@code false}): the caller
 * says "busy" instead of letting work pile up without bound, as Kaa's
 * {@code kaa.cap.provider.basic.concurrency} and {@code queue-length} do.
 */
final class VerifierPool implements Executor, AutoCloseable {
    private final ThreadPoolExecutor executor;

    /**
     * @param threads how many checks run at once
     * @param queueLength how many wait
     */
    VerifierPool(int threads, int queueLength) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "edgeiam-bcrypt-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueLength), factory, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * @param task the work
     * @return whether it was accepted; {@code false} when every thread is busy and the queue is full
     */
    boolean tryExecute(Runnable task) {
        try {
            this.executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public void execute(Runnable task) {
        this.executor.execute(task);
    }

    /** @return how many checks wait for a thread */
    int queued() {
        return this.executor.getQueue().size();
    }

    /** Stops the threads; queued checks are dropped. */
    @Override
    public void close() {
        this.executor.shutdownNow();
    }
}
