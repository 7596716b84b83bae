package org.edgeiam.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.ServiceLoader;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The distribution's launcher, started by {@code bin/edgeiam}: Felix runs from the application
 * class path (so the class-data archive covers it), the bundles of {@code lib/} are installed by
 * reference into a framework cache that is kept across restarts ({@link BundleSync}), the command
 * line reaches the configuration bundle as bnd's launcher passes it (a service with the property
 * {@code launcher.arguments}), and once every service answers systemd is told
 * ({@link ReadySignal}).
 * <p>
 * System properties: {@code edgeiam.home} (the distribution folder, default: the parent of the
 * folder this jar is in), {@code launch.storage.dir} (framework cache, default
 * {@value LaunchSettings#DEFAULT_STORAGE}), {@code edgeiam.systemd.notify} (the {@code systemd-notify} command),
 * {@code edgeiam.launcher.timeline} ({@code true}: print the start-up {@link Timeline}).
 * Exit status: 0 when the framework stopped, 1 when it could not start.
 */
public final class Main {
    /**
     * SPI Fly (which lets slf4j find logback) reports every provider it registers through
     * java.util.logging, on standard error, before logback is set up: only its warnings are
     * wanted. Held here because java.util.logging keeps its loggers weakly.
     */
    private static final java.util.logging.Logger SPI_FLY = java.util.logging.Logger.getLogger("org.apache.aries.spifly");

    private Main() {
    }

    /** @param args the runtime's command line ({@code -c FILE}, {@code -p}, {@code -v LEVEL}) */
    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (Exception e) {
            say("cannot start: " + e);
            status = 1;
        }
        System.exit(status);
    }

    static int run(String[] args) throws Exception {
        long t0 = System.nanoTime();
        SPI_FLY.setLevel(java.util.logging.Level.WARNING);
        Timeline timeline = new Timeline(Boolean.getBoolean("edgeiam.launcher.timeline"));
        timeline.mark("launcher running");
        Path lib = home().resolve("lib");
        LaunchSettings settings = LaunchSettings.read(lib, System.getProperties());
        // slf4j reads the provider to bind from a system property, before any bundle logs
        String provider = settings.framework().get("slf4j.provider");
        if (provider != null && System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", provider);
        }
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next()
                .newFramework(settings.framework());
        framework.init();
        timeline.mark("framework initialised");
        BundleContext system = framework.getBundleContext();
        timeline.follow(system);
        BundleSync.Result done = new BundleSync(system, lib).apply(settings.bundles(), settings.startLevels());
        if (done.changedAnything()) {
            say(String.format("framework cache %s: %d bundles installed, %d updated, %d uninstalled in %d ms",
                    settings.framework().get("org.osgi.framework.storage"), done.installed(), done.updated(),
                    done.uninstalled(), (System.nanoTime() - t0) / 1_000_000));
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("launcher.arguments", args.clone());
        system.registerService(Object.class, new Object(), props);
        List<Runnable> onReady = new ArrayList<>();
        onReady.add(() -> timeline.mark("every service answers"));
        addIfPresent(onReady, Systemd.readyNotifier(System.getenv("NOTIFY_SOCKET"),
                System.getProperty("edgeiam.systemd.notify", "systemd-notify")));
        ReadySignal.install(system, onReady);
        timeline.mark("bundles in place, framework starting");
        framework.start();
        FrameworkEvent stopped = framework.waitForStop(0);
        return stopped.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    private static void addIfPresent(List<Runnable> actions, Runnable action) {
        if (action != null) {
            actions.add(action);
        }
    }

    /** The distribution folder: {@code edgeiam.home}, or the parent of this jar's folder. */
    static Path home() throws java.net.URISyntaxException {
        String home = System.getProperty("edgeiam.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.getParent().getParent();
    }

    /** A launcher message, on standard error (the runtime's own log is not configured here). */
    static void say(String message) {
        System.err.println("edgeiam launcher: " + message);
    }
}
