package org.edgeiam.iamserver.internal;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.condition.Condition;

/**
 * The OSGi condition {@value #ID}: registered once every configured EdgeIAM component is active
 * and calls are served, withdrawn when the servers stop. Whoever starts the runtime can wait for
 * it: the distribution's launcher tells systemd the service is ready and makes its class-data
 * archive then.
 */
final class ReadyCondition {
    /** The condition's {@code osgi.condition.id}. */
    static final String ID = "edgeiam.ready";

    private final BundleContext context;
    private ServiceRegistration<Condition> registration;
    private boolean closed;

    ReadyCondition(BundleContext context) {
        this.context = context;
    }

    synchronized void register() {
        if (closed || registration != null) {
            return;
        }
        registration = context.registerService(Condition.class, Condition.INSTANCE,
                FrameworkUtil.asDictionary(Map.of(Condition.CONDITION_ID, ID)));
    }

    synchronized void close() {
        closed = true;
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // the bundle is stopping: the framework withdrew it already
            }
            registration = null;
        }
    }
}
