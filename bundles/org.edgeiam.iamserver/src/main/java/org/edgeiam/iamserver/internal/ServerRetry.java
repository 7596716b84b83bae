package org.edgeiam.iamserver.internal;

import org.edgeiam.util.ds.ComponentRetry;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * Starts the gRPC servers again while they cannot start (a port another process holds, an
 * address not configured yet on an interface): {@link IamServers} fails its activation naming the
 * address and the cause, {@code iam:health} shows it FAILED with that reason, and this component
 * activates it anew 1 s later, then twice as long after each failed try up to 30 s. So the runtime
 * keeps running and serves as soon as the port is free, without a restart.
 */
@Component(immediate = true)
public class ServerRetry {
    static final long FIRST_MS = 1_000;
    static final long MAX_MS = 30_000;

    private final ComponentRetry retry;

    /**
     * @param scr the component runtime
     * @param context this bundle
     */
    @Activate
    public ServerRetry(@Reference ServiceComponentRuntime scr, BundleContext context) {
        this.retry = new ComponentRetry(scr, context.getBundle(), IamServers.class.getName(),
                "starting the gRPC servers", FIRST_MS, MAX_MS);
    }

    @Deactivate
    void stop() {
        retry.stop();
    }
}
