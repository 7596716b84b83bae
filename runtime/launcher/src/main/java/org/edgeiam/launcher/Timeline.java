package org.edgeiam.launcher;

import java.time.Duration;
import java.time.Instant;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * The start-up timeline ({@code EDGEIAM_TIMELINE=1} for {@code bin/edgeiam}, or
 * {@code -Dedgeiam.launcher.timeline=true}): milliseconds from the start of {@code bin/edgeiam}
 * ({@code -Dedgeiam.launcher.t0}, epoch ms) or else of the process to the launcher's steps and to each bundle's start, on standard error, so that
 * the time to "every service answers" can be taken apart on the gateway itself.
 */
final class Timeline implements SynchronousBundleListener {
    private final Instant processStart;
    private final boolean on;

    Timeline(boolean on) {
        this.on = on;
        // the kernel's process start time is only as exact as its boot time (whole seconds):
        // bin/edgeiam passes the time it started at when asked for a timeline
        String t0 = System.getProperty("edgeiam.launcher.t0");
        this.processStart = t0 != null && t0.matches("\\d{13}") ? Instant.ofEpochMilli(Long.parseLong(t0))
                : ProcessHandle.current().info().startInstant().orElse(Instant.now());
    }

    void mark(String step) {
        if (on) {
            Main.say(String.format("%5d ms %s", Duration.between(processStart, Instant.now()).toMillis(), step));
        }
    }

    void follow(BundleContext system) {
        if (on) {
            system.addBundleListener(this);
            system.addFrameworkListener(e -> {
                if (e.getType() == FrameworkEvent.STARTED) {
                    mark("framework started");
                }
            });
        }
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.STARTING) {
            mark("starting " + event.getBundle().getSymbolicName());
        } else if (event.getType() == BundleEvent.STARTED) {
            mark("started " + event.getBundle().getSymbolicName());
        }
    }
}
