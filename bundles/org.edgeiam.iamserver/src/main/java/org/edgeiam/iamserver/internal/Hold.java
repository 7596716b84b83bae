package org.edgeiam.iamserver.internal;

import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Holds a call whose backend is missing (start-up, a bundle swapped or upgraded, a storage that
 * reopens) instead of failing it: on a worker thread the work is tried again every
 * {@value #PAUSE_MS} ms while it fails with UNAVAILABLE (a call on a network thread is first
 * handed to a worker), up to the configured wait and at most half of what is left of the
 * call's deadline; then the last UNAVAILABLE is the answer. Set once per runtime by
 * {@link IamServers}.
 */
public final class Hold {
    static final long PAUSE_MS = 5;

    private static volatile long waitMs = 3_000;
    private static volatile java.util.concurrent.Executor workers;

    private Hold() {
    }

    static void configure(long ms, java.util.concurrent.Executor pool) {
        waitMs = Math.max(0, ms);
        workers = pool;
    }

    /**
     * Hands a call that found its backend missing on a network thread (which must not wait) to
     * the workers, in the call's context, where it is held.
     *
     * @param call runs the call again (on a worker)
     * @return false if there is no worker pool to take it
     */
    static boolean toWorkers(Runnable call) {
        java.util.concurrent.Executor pool = workers;
        if (pool == null || Workers.onWorker()) {
            return false;
        }
        try {
            pool.execute(Context.current().wrap(call));
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
    }

    /** Work that may fail because a backend is missing. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * @return the result
         * @throws IamException the work's failure
         */
        T run() throws IamException;
    }

    /**
     * @param work the call's work, run again while it fails with UNAVAILABLE
     * @param <T> result type
     * @return its result
     * @throws IamException its last failure
     */
    public static <T> T retrying(Work<T> work) throws IamException {
        if (!Workers.onWorker()) {
            return work.run(); // a network thread never waits: GrpcErrors hands the call to a worker
        }
        long end = end();
        while (true) {
            try {
                return work.run();
            } catch (IamException e) {
                if (e.code() != ErrorCode.UNAVAILABLE || !pause(end)) {
                    throw e;
                }
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || !pause(end)) {
                    throw e;
                }
            }
        }
    }

    /** @return System.nanoTime() after which a call is not held any longer */
    static long end() {
        long wait = TimeUnit.MILLISECONDS.toNanos(waitMs);
        Deadline deadline = Context.current().getDeadline();
        if (deadline != null) {
            wait = Math.min(wait, deadline.timeRemaining(TimeUnit.NANOSECONDS) / 2);
        }
        return System.nanoTime() + wait;
    }

    /** @return whether to try again: false once {@code end} has passed or the call is cancelled */
    static boolean pause(long end) {
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PAUSE_MS) > end || Context.current().isCancelled()) {
            return false;
        }
        try {
            Thread.sleep(PAUSE_MS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
