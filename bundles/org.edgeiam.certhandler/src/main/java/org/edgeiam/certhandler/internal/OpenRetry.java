package org.edgeiam.certhandler.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.edgeiam.util.RetrySchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a cert type's key store again while opening fails for a reason that may pass (a token
 * that is not plugged in, a library that cannot initialise yet): {@code firstMs} after the first
 * failure, then after twice the previous pause, up to {@code maxMs}, so that a lasting fault does
 * not fill the log ({@link RetrySchedule}). A reason is logged at warn when it changes, at debug otherwise. The timer
 * thread (a daemon) exists only while retrying. Thread-safe.
 */
final class OpenRetry {
    private static final Logger LOG = LoggerFactory.getLogger(OpenRetry.class);

    private final String certType;
    private final RetrySchedule schedule;
    private int failures;
    private String lastReason;
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> next;
    private boolean closed;

    OpenRetry(String certType, long firstMs, long maxMs) {
        this.certType = certType;
        this.schedule = new RetrySchedule(Math.max(1, firstMs), maxMs);
    }

    /**
     * Schedules the next attempt after a failure.
     *
     * @param reason why opening failed (secret-free)
     * @param attempt what to run then
     * @return the pause before it, in ms; 0 if closed (nothing scheduled)
     */
    synchronized long failed(String reason, Runnable attempt) {
        if (closed) {
            return 0;
        }
        long pause = schedule.nextPauseMs();
        failures++;
        if (!reason.equals(lastReason)) {
            LOG.warn("cert type {}: cannot open its key store ({}); trying again in {} ms, then less and less often",
                    certType, reason, pause);
            lastReason = reason;
        } else {
            LOG.debug("cert type {}: key store still not opened ({}); next try in {} ms", certType, reason, pause);
        }
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "edgeiam-keystore-retry-" + certType);
                t.setDaemon(true);
                return t;
            });
        }
        next = timer.schedule(attempt, pause, TimeUnit.MILLISECONDS);
        return pause;
    }

    /** The store is open: logs it if earlier attempts failed, and starts over with the first pause. */
    synchronized void succeeded() {
        if (failures > 0) {
            LOG.info("cert type {}: key store opened after {} failed attempts", certType, failures);
        }
        reset();
    }

    /** Stops retrying (the backend went): the next failure starts with the first pause again. */
    synchronized void reset() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
        if (timer != null) {
            timer.shutdown();
            timer = null;
        }
        schedule.reset();
        failures = 0;
        lastReason = null;
    }

    /** Stops for good. */
    synchronized void close() {
        reset();
        closed = true;
    }
}
