package org.edgeiam.util;

/**
 * When to try again while something keeps failing: first {@code firstMs} after the failure was
 * seen, then after twice as long as the previous pause, up to {@code maxMs}. Times are
 * milliseconds on any monotonic clock. Not thread-safe: the caller serialises.
 */
public final class RetrySchedule {
    private final long firstMs;
    private final long maxMs;
    private long pauseMs;
    private long nextMs = -1;

    /**
     * @param firstMs the first pause
     * @param maxMs the longest pause
     */
    public RetrySchedule(long firstMs, long maxMs) {
        this.firstMs = firstMs;
        this.maxMs = Math.max(firstMs, maxMs);
        this.pauseMs = firstMs;
    }

    /**
     * @param nowMs the time, while the failure lasts
     * @return whether to try now; if so, the next try is scheduled
     */
    public boolean due(long nowMs) {
        if (this.nextMs < 0) {
            this.nextMs = nowMs + nextPauseMs();
        }
        if (nowMs < this.nextMs) {
            return false;
        }
        this.nextMs = nowMs + nextPauseMs();
        return true;
    }

    /**
     * For a caller that schedules each try itself: the pause before the next try, doubling each
     * time, up to the longest.
     *
     * @return the pause in ms
     */
    public long nextPauseMs() {
        long pause = this.pauseMs;
        this.pauseMs = Math.min(this.pauseMs * 2, this.maxMs);
        return pause;
    }

    /** @return ms until the next try (after {@link #due} was called for this failure) */
    public long untilNextMs(long nowMs) {
        return Math.max(0, this.nextMs - nowMs);
    }

    /** The failure is over: the next one starts with the first pause again. */
    public void reset() {
        this.pauseMs = this.firstMs;
        this.nextMs = -1;
    }
}
