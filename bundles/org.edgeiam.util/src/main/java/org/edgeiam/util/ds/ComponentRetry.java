package org.edgeiam.util.ds;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.edgeiam.util.RetrySchedule;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Activates a failed component again: Declarative Services leaves a component whose activation
 * failed (a database that cannot be opened, a port another process holds) failed for good, so it
 * is disabled and enabled, which activates it anew, as the {@link RetrySchedule} says (each try
 * also makes Declarative Services log the failure, so a fault that lasts does not fill the log).
 * The reason is logged when it changes, not at every try; while it fails, {@code iam:health}
 * shows the component as FAILED with that reason.
 */
public final class ComponentRetry {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentRetry.class);

    private final ServiceComponentRuntime scr;
    private final Bundle bundle;
    private final String component;
    private final String what;
    private final RetrySchedule schedule;
    private final ScheduledExecutorService timer;
    private String lastFailure;

    /**
     * Starts watching the component.
     *
     * @param scr the component runtime
     * @param bundle the bundle that declares the component
     * @param component the component's name
     * @param what what the component provides, for log lines (e.g. "the database")
     * @param firstMs pause after the failure was seen; checks run at least every second
     * @param maxMs longest pause between tries
     */
    public ComponentRetry(ServiceComponentRuntime scr, Bundle bundle, String component, String what, long firstMs,
            long maxMs) {
        this.scr = scr;
        this.bundle = bundle;
        this.component = component;
        this.what = what;
        long first = Math.max(100, firstMs);
        this.schedule = new RetrySchedule(first, maxMs);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edgeiam-retry-" + component.substring(component.lastIndexOf('.') + 1));
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::retryIfFailed, first, Math.min(first, 1000), TimeUnit.MILLISECONDS);
    }

    /** Stops watching. */
    public void stop() {
        timer.shutdownNow();
    }

    private void retryIfFailed() {
        try {
            ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(bundle, component);
            if (description == null) {
                return;
            }
            boolean active = false;
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(description)) {
                active |= c.state == ComponentConfigurationDTO.ACTIVE;
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    retry(description, FailureText.reason(c.failure));
                    return;
                }
            }
            if (active) {
                if (lastFailure != null) {
                    LOG.info("{}: works again", what);
                }
                lastFailure = null;
                schedule.reset();
            }
        } catch (RuntimeException e) {
            LOG.warn("retrying {} failed: {}", what, e.toString());
        }
    }

    private void retry(ComponentDescriptionDTO description, String failure) {
        long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
        boolean due = schedule.due(now);
        if (!failure.equals(lastFailure)) {
            LOG.warn("{}: failed ({}); trying again in {} ms, then less and less often", what, failure,
                    schedule.untilNextMs(now));
            lastFailure = failure;
        }
        if (due) {
            scr.disableComponent(description).onResolve(() -> scr.enableComponent(description));
        }
    }
}
