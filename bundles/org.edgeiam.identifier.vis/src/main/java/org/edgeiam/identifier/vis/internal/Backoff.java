package org.edgeiam.identifier.vis.internal;

/**
 * The delays between reconnect attempts: {@value #FIRST_MS} ms, doubling up to {@value #MAX_MS}
 * ms, and back to the first after a successful connect. Not thread-safe; the client guards it.
 */
final class Backoff {
    static final long FIRST_MS = 200;
    static final long MAX_MS = 2000;

    private long nextMs = FIRST_MS;

    /** @return the delay before the next attempt, in milliseconds */
    long next() {
        long delay = this.nextMs;
        this.nextMs = Math.min(this.nextMs * 2, MAX_MS);
        return delay;
    }

    /** Starts again from the first delay. */
    void reset() {
        this.nextMs = FIRST_MS;
    }
}
