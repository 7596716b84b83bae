package org.edgeiam.storage.sqlite.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.edgeiam.util.ds.FailureText;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries the database again while it cannot be opened: Declarative Services leaves a component
 * whose activation failed (read-only or full file system, a file another process locks) failed
 * for good, so the SQLite storage component is disabled and enabled, which activates it anew:
 * {@code retry.interval.ms} after the failure, then twice as long after each failed try, up to
 * {@code retry.max.interval.ms} (each try also makes Declarative Services log the failure, so a
 * fault that lasts does not fill the log). A reason is logged when it changes, not at every try.
 */
@Component(immediate = true, configurationPid = ActivationRetry.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ActivationRetry.Config.class)
public class ActivationRetry {
    /** Configuration PID. */
    public static final String PID = "org.edgeiam.storage.retry";
    private static final Logger LOG = LoggerFactory.getLogger(ActivationRetry.class);

    /** Retry settings. */
    @ObjectClassDefinition(name = "EdgeIAM storage retry")
    public @interface Config {
        /** @return the pause between two attempts to open the database, in ms */
        @AttributeDefinition(name = "Retry interval (ms)", description = "Pause between attempts to open the database.")
        long retry_interval_ms() default 5_000;

        /** @return the longest pause between two attempts, in ms */
        @AttributeDefinition(name = "Longest retry interval (ms)", description = "The pause doubles up to this.")
        long retry_max_interval_ms() default 300_000;
    }

    private final ServiceComponentRuntime scr;
    private final BundleContext context;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "edgeiam-storage-retry");
        t.setDaemon(true);
        return t;
    });
    private final RetrySchedule schedule;
    private String lastFailure;

    /**
     * @param scr the component runtime
     * @param context this bundle
     * @param config the interval
     */
    @Activate
    public ActivationRetry(@Reference ServiceComponentRuntime scr, BundleContext context, Config config) {
        this.scr = scr;
        this.context = context;
        long interval = Math.max(100, config.retry_interval_ms());
        this.schedule = new RetrySchedule(interval, config.retry_max_interval_ms());
        timer.scheduleWithFixedDelay(this::retryIfFailed, interval, Math.min(interval, 1000), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }

    private void retryIfFailed() {
        try {
            ComponentDescriptionDTO storage = scr.getComponentDescriptionDTO(context.getBundle(),
                    SqliteStorage.class.getName());
            if (storage == null) {
                return;
            }
            boolean active = false;
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(storage)) {
                active |= c.state == ComponentConfigurationDTO.ACTIVE;
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    retry(storage, FailureText.reason(c.failure));
                    return;
                }
            }
            if (active) {
                if (lastFailure != null) {
                    LOG.info("the database is open again");
                }
                lastFailure = null;
                schedule.reset();
            }
        } catch (RuntimeException e) {
            LOG.warn("retrying the database failed: {}", e.toString());
        }
    }

    private void retry(ComponentDescriptionDTO storage, String failure) {
        long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
        boolean due = schedule.due(now);
        if (!failure.equals(lastFailure)) {
            LOG.warn("the database could not be opened ({}); trying again in {} ms, then less and less often",
                    failure, schedule.untilNextMs(now));
            lastFailure = failure;
        }
        if (due) {
            scr.disableComponent(storage).onResolve(() -> scr.enableComponent(storage));
        }
    }
}
