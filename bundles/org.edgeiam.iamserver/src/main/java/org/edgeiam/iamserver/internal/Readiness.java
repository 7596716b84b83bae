package org.edgeiam.iamserver.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the runtime is ready to answer: every EdgeIAM component that has its configuration is
 * active (or satisfied, or failed: a failure will not heal by waiting), as Declarative Services
 * reports it. Checked every {@value #POLL_MS} ms from the servers' start until true, or until
 * {@code maxWait} has passed (then the components still waiting are logged and calls are served
 * anyway, each held only for its own backend). Once ready, it stays ready: later swaps are
 * bridged per call by {@link Hold}.
 */
final class Readiness {
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private static final long POLL_MS = 5;

    private final CountDownLatch ready = new CountDownLatch(1);
    private final Supplier<ServiceComponentRuntime> scr;
    private final String self;
    private final long maxWaitMs;
    private final java.util.function.BooleanSupplier started;
    private volatile Thread poller;
    private final List<Runnable> whenReady = new ArrayList<>();

    /**
     * @param scr the component runtime, or null while it is missing
     * @param self the servers' own component name (not waited for)
     * @param maxWaitMs longest wait for readiness from {@link #start()}
     */
    Readiness(Supplier<ServiceComponentRuntime> scr, String self, long maxWaitMs,
            java.util.function.BooleanSupplier started) {
        this.scr = scr;
        this.self = self;
        this.maxWaitMs = maxWaitMs;
        this.started = started;
    }

    /** @return the same readiness, asking the given component runtime */
    Readiness withRuntime(Supplier<ServiceComponentRuntime> runtime) {
        return isReady() ? this : new Readiness(runtime, self, maxWaitMs, started);
    }

    /**
     * @param context a bundle context
     * @return whether the framework has finished starting (the system bundle is active) and every
     *         EdgeIAM bundle is active (fragments resolved): before that, components that are
     *         configured may simply not exist yet
     */
    static boolean started(org.osgi.framework.BundleContext context) {
        if (context.getBundle(0).getState() != org.osgi.framework.Bundle.ACTIVE) {
            return false;
        }
        for (org.osgi.framework.Bundle b : context.getBundles()) {
            String name = b.getSymbolicName();
            boolean fragment = b.getHeaders().get(org.osgi.framework.Constants.FRAGMENT_HOST) != null;
            if (name != null && name.startsWith("org.edgeiam.") && !fragment
                    && b.getState() != org.osgi.framework.Bundle.ACTIVE) {
                return false;
            }
        }
        return true;
    }

    /** A runtime that is ready at once (tests, or no component runtime to ask). */
    static Readiness already() {
        Readiness r = new Readiness(() -> null, "", 0, () -> true);
        r.ready.countDown();
        return r;
    }

    void start() {
        Thread t = new Thread(this::poll, "edgeiam-grpc-readiness");
        t.setDaemon(true);
        poller = t;
        t.start();
    }

    void stop() {
        Thread t = poller;
        if (t != null) {
            t.interrupt();
        }
    }

    boolean isReady() {
        return ready.getCount() == 0;
    }

    /**
     * Runs {@code action} once calls are served (at once if they are already), on the thread that
     * found the runtime ready.
     */
    void whenReady(Runnable action) {
        synchronized (whenReady) {
            if (!isReady()) {
                whenReady.add(action);
                return;
            }
        }
        action.run();
    }

    /** Waits up to {@code ms} for readiness. */
    void await(long ms) {
        try {
            ready.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void poll() {
        long start = System.nanoTime();
        List<String> waiting = List.of("the component runtime");
        try {
            while (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < maxWaitMs) {
                waiting = waiting();
                if (waiting.isEmpty()) {
                    LOG.info("every EdgeIAM component is active after {} ms: calls are served",
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                    served();
                    return;
                }
                Thread.sleep(POLL_MS);
            }
            LOG.warn("calls are served although these components are not active after {} ms: {}", maxWaitMs,
                    String.join(", ", waiting));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("readiness check failed ({}): calls are served", e.toString());
        }
        served();
    }

    private void served() {
        List<Runnable> actions;
        synchronized (whenReady) {
            ready.countDown();
            actions = List.copyOf(whenReady);
            whenReady.clear();
        }
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("an action on readiness failed: {}", e.toString());
            }
        }
    }

    /** @return the names of configured EdgeIAM components that are not active yet */
    List<String> waiting() {
        if (!started.getAsBoolean()) {
            return List.of("the framework's start");
        }
        ServiceComponentRuntime runtime = scr.get();
        if (runtime == null) {
            return List.of("the component runtime");
        }
        List<String> names = new ArrayList<>();
        for (ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs()) {
            if (!d.bundle.symbolicName.startsWith("org.edgeiam.") || d.name.equals(self)
                    || !runtime.isComponentEnabled(d)) {
                continue;
            }
            for (ComponentConfigurationDTO c : runtime.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        || c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
                    names.add(d.name.substring(d.name.lastIndexOf('.') + 1));
                }
            }
        }
        return names;
    }
}
