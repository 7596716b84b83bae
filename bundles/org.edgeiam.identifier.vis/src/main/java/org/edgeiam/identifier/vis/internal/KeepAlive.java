package org.edgeiam.identifier.vis.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Keeps watch over one connection: every interval it pings the server, and if nothing (no pong,
 * no message) came back during a whole interval after a ping, it reports the connection dead.
 * This finds a network that went silent, and works around a JDK WebSocket race that loses the
 * end of stream when the server closes the TCP connection right after a message (seen on JDK 17
 * and 25: no {@code onClose} or {@code onError} ever follows).
 */
final class KeepAlive {
    private final Duration interval;
    private final Runnable ping;
    private final Consumer<String> dead;
    private final AtomicBoolean heard = new AtomicBoolean(true);
    private final ScheduledFuture<?> task;

    /**
     * @param ping sends a ping
     * @param dead told, once, why the connection is considered dead
     */
    KeepAlive(Duration interval, ScheduledExecutorService executor, Runnable ping, Consumer<String> dead) {
        this.interval = interval;
        this.ping = ping;
        this.dead = dead;
        ScheduledFuture<?> scheduled;
        try {
            scheduled = executor.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            scheduled = null; // shutting down: no watch needed
        }
        this.task = scheduled;
    }

    /** Something arrived on the connection. */
    void heard() {
        this.heard.set(true);
    }

    /** Ends the watch. */
    void stop() {
        if (this.task != null) {
            this.task.cancel(false);
        }
    }

    private void tick() {
        if (this.heard.getAndSet(false)) {
            this.ping.run();
        } else {
            stop();
            this.dead.accept("nothing received for " + this.interval.toMillis() + " ms after a ping");
        }
    }
}
