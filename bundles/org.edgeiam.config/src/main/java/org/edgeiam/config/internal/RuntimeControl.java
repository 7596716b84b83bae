package org.edgeiam.config.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-level control of the runtime: a JVM shutdown hook that stops the framework (so SIGTERM
 * deactivates every component: servers close, the database is closed) and the exit used when
 * start-up must fail.
 */
@Component(immediate = true)
public class RuntimeControl {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeControl.class);
    private static final long STOP_TIMEOUT_MS = 10_000;

    private final Thread hook;

    /** @param context this bundle's context */
    @Activate
    public RuntimeControl(BundleContext context) {
        Framework framework = (Framework) context.getBundle(0);
        createDeployFolder(context.getProperty("felix.fileinstall.dir"));
        this.hook = new Thread(() -> stop(framework), "edgeiam-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** FileInstall watches the deploy folder but does not create it: a fresh clone has none. */
    private static void createDeployFolder(String dir) {
        if (dir == null) {
            return;
        }
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of(dir));
        } catch (java.io.IOException e) {
            LOG.warn("deploy folder {} cannot be created: {}", dir, e.getMessage());
        }
    }

    private static void stop(Framework framework) {
        LOG.info("shutting down…");
        try {
            framework.stop();
            framework.waitForStop(STOP_TIMEOUT_MS);
        } catch (BundleException | InterruptedException e) {
            LOG.warn("framework did not stop cleanly: {}", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running
        }
    }

    /**
     * Ends the process with a status, from a fresh thread so that no OSGi lock is held. Does
     * nothing unless the runtime was started by the launcher.
     *
     * @param launched whether the launcher started this runtime
     * @param status the exit status
     */
    static void exit(boolean launched, int status) {
        if (launched) {
            Thread t = new Thread(() -> System.exit(status), "edgeiam-exit");
            t.start();
        }
    }
}
