package org.edgeiam.launcher;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;

/**
 * Waits for the OSGi condition {@code edgeiam.ready} (registered by the gRPC servers once every
 * configured EdgeIAM component is active and calls are served) and then, once per process, runs
 * the launcher's actions on a thread of its own (the systemd notification, the timeline).
 */
final class ReadySignal implements ServiceListener {
    /** Matches the condition the servers register. */
    static final String FILTER = "(&(objectClass=org.osgi.service.condition.Condition)"
            + "(osgi.condition.id=edgeiam.ready))";

    private final List<Runnable> actions;
    private final AtomicBoolean fired = new AtomicBoolean();

    private ReadySignal(List<Runnable> actions) {
        this.actions = actions;
    }

    /**
     * Listens on the system bundle's context (before the framework starts, so nothing is missed).
     *
     * @param system the system bundle's context
     * @param actions what to run once ready, in order
     */
    static void install(BundleContext system, List<Runnable> actions) throws InvalidSyntaxException {
        if (!actions.isEmpty()) {
            system.addServiceListener(new ReadySignal(actions), FILTER);
        }
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        if (event.getType() == ServiceEvent.REGISTERED && fired.compareAndSet(false, true)) {
            Thread t = new Thread(this::run, "edgeiam-launcher-ready");
            t.setDaemon(true);
            t.start();
        }
    }

    private void run() {
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                Main.say("an action on readiness failed: " + e);
            }
        }
    }
}
