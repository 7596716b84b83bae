package org.edgeiam.permissions.internal;

import java.util.Map;

import org.edgeiam.api.permissions.PermissionHandler;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches the {@link PermissionHandler} service on and off. AosEdge's
 * {@code enablePermissionsHandler} decides whether the permission services exist at all, and the
 * config bundle always publishes this PID, with {@code enabled=false} when the switch is off. DS
 * registers a component's service whenever the component is satisfied and cannot make that
 * depend on a configuration value, so this immediate component registers a
 * {@link PermissionHandlerImpl} itself, with its bundle's context, while {@code enabled} is true,
 * and unregisters it when {@code enabled} turns false or the component is deactivated. Turning
 * the handler off drops its registrations (they are in memory only); a configuration update that
 * leaves {@code enabled} as it was changes nothing.
 */
@Component(configurationPid = "org.edgeiam.permissions",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = PermissionsActivation.Config.class)
// the service is registered by hand, so bnd does not declare it for the resolver; this does
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"org.edgeiam.api.permissions.PermissionHandler\"",
        uses = PermissionHandler.class)
public class PermissionsActivation {
    private static final Logger LOG = LoggerFactory.getLogger(PermissionsActivation.class);

    /** Configuration (PID {@code org.edgeiam.permissions}). */
    @ObjectClassDefinition(name = "EdgeIAM instance permissions",
            description = "Instance registration and permission look-up (AosEdge "
                    + "enablePermissionsHandler).")
    @interface Config {
        @AttributeDefinition(name = "Enabled",
                description = "Whether the PermissionHandler service exists.")
        boolean enabled() default false;
    }

    private final BundleContext context;
    /** Guarded by this; {@code null} while disabled. */
    private ServiceRegistration<PermissionHandler> registration;

    /**
     * @param context this bundle's context, to register the handler with
     * @param config the configuration
     */
    @Activate
    public PermissionsActivation(BundleContext context, Config config) {
        this.context = context;
        apply(config);
    }

    @Modified
    void modified(Config config) {
        apply(config);
    }

    @Deactivate
    synchronized void deactivate() {
        unregister();
    }

    private synchronized void apply(Config config) {
        LOG.debug("Permissions configuration: enabled={}", config.enabled());
        if (config.enabled() && this.registration == null) {
            this.registration = this.context.registerService(PermissionHandler.class,
                    new PermissionHandlerImpl(), FrameworkUtil.asDictionary(Map.of(
                            Constants.SERVICE_DESCRIPTION, "EdgeIAM instance permissions")));
            LOG.info("Permission handler enabled");
        } else if (!config.enabled() && this.registration == null) {
            LOG.info("Permission handler disabled (enabled=false): no PermissionHandler service");
        } else if (!config.enabled()) {
            unregister();
        }
    }

    private void unregister() {
        if (this.registration == null) {
            return;
        }
        try {
            this.registration.unregister();
        } catch (IllegalStateException e) {
            LOG.debug("Permission handler was unregistered already", e);
        }
        this.registration = null;
        LOG.info("Permission handler disabled; its instance registrations are dropped");
    }
}
