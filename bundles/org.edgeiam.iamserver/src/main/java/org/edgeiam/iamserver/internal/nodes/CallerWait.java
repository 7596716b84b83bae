package org.edgeiam.iamserver.internal.nodes;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

import io.grpc.Context;
import io.grpc.Deadline;

/**
 * The caller's side of a forwarded request: its gRPC deadline and cancellation, read from the
 * call's {@link Context} when the forward starts. Every wait of the forward is cut to what is left
 * before that deadline and done in slices of at most {@value #SLICE_MS} ms, so a thread stops
 * waiting soon after the caller gave up (never interrupted: the thread may go on to disk I/O).
 */
final class CallerWait {
    static final long SLICE_MS = 50;

    private final Context context;
    private final Deadline deadline;

    private CallerWait(Context context) {
        this.context = context;
        this.deadline = context.getDeadline();
    }

    /** @return the wait of the current call (none outside a call: no deadline, never cancelled) */
    static CallerWait current() {
        return new CallerWait(Context.current());
    }

    /**
     * @param wanted how long the forward would wait by its own policy
     * @return {@code wanted}, cut to what is left of the caller's deadline
     */
    Duration cap(Duration wanted) {
        if (deadline == null) {
            return wanted;
        }
        long left = deadline.timeRemaining(TimeUnit.MILLISECONDS);
        return Duration.ofMillis(Math.max(0, Math.min(wanted.toMillis(), left)));
    }

    /** @return whether the caller cancelled or its deadline passed */
    boolean gaveUp() {
        return context.isCancelled() || (deadline != null && deadline.isExpired());
    }

    /**
     * @param what what was being waited for
     * @return the failure to end the forward with
     */
    IamException gaveUpFailure(String what) {
        return new IamException(ErrorCode.CANCELED, "the caller gave up (deadline or cancel) while " + what);
    }

    /** A wait that can end early. */
    @FunctionalInterface
    interface Slice {
        /**
         * @param millis how long to wait this time
         * @return whether the wait is over
         */
        boolean await(long millis) throws InterruptedException;
    }

    /**
     * Waits in slices until {@code slice} says done, {@code limit} passes or the caller gives up.
     *
     * @return whether {@code slice} said done
     * @throws IamException {@code CANCELED} if the caller gave up first or the thread was interrupted
     */
    boolean await(Duration limit, Slice slice, String what) throws IamException {
        Duration capped = cap(limit);
        boolean cut = capped.compareTo(limit) < 0;
        long end = System.nanoTime() + capped.toNanos();
        try {
            while (true) {
                if (gaveUp()) {
                    throw gaveUpFailure(what);
                }
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                if (slice.await(Math.max(0, Math.min(SLICE_MS, left)))) {
                    return true;
                }
                if (left <= 0) {
                    return cut || gaveUp() ? failed(what) : false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IamException(ErrorCode.CANCELED, "interrupted while " + what);
        }
    }

    private boolean failed(String what) throws IamException {
        throw gaveUpFailure(what);
    }
}
