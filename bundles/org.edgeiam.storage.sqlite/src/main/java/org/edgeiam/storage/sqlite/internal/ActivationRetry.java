package org.edgeiam.storage.sqlite.internal;


import org.edgeiam.util.ds.ComponentRetry;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

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

    private final ComponentRetry retry;

    /**
     * @param scr the component runtime
     * @param context this bundle
     * @param config the interval
     */
    @Activate
    public ActivationRetry(@Reference ServiceComponentRuntime scr, BundleContext context, Config config) {
        this.retry = new ComponentRetry(scr, context.getBundle(), SqliteStorage.class.getName(), "opening the database",
                config.retry_interval_ms(), config.retry_max_interval_ms());
    }

    @Deactivate
    void stop() {
        retry.stop();
    }
}
