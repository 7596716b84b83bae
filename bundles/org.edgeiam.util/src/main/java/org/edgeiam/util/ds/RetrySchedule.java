package org.edgeiam.util.ds;

/**
 * When to try again while something keeps failing: first {@code firstMs} after the failure was
 * seen, then after twice as long as the previous pause, up to {@code maxMs}. Times are
 * milliseconds on any monotonic clock.
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
            this.nextMs = nowMs + this.pauseMs;
        }
        if (nowMs < this.nextMs) {
            return false;
        }
        this.pauseMs = Math.min(this.pauseMs * 2, this.maxMs);
        this.nextMs = nowMs + this.pauseMs;
        return true;
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
