package org.edgeiam.deploy.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs a bundle jar or replaces the installed bundle of the same symbolic name with it (a
 * newer or an older version), in place: the bundle keeps its ID and data area, only it and the
 * bundles wired to its exports are restarted. The new version must start and its components must
 * activate; if not, the previous version is put back (or a new bundle is uninstalled) and the
 * failure is reported plainly. One deployment at a time.
 */
@Component(service = Upgrader.class)
public class Upgrader {
    private static final Logger LOG = LoggerFactory.getLogger(Upgrader.class);
    private static final long SETTLE_MS = 1000;

    private static final int HISTORY = 20;
    /** Location prefix of the bundles installed from the deploy folder, followed by the jar's name. */
    private static final String LOCATION = "edgeiam-deploy:";

    private final BundleContext context;
    private final Deployments deployments;
    private final java.util.Deque<String> history = new java.util.ArrayDeque<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServiceComponentRuntime scr;

    /** @param context this bundle's context */
    @Activate
    public Upgrader(BundleContext context) {
        this.context = context;
        java.io.File data = context.getDataFile("deployments.properties");
        this.deployments = new Deployments(data != null ? data.toPath() : Path.of("var", "deployments.properties"));
    }

    /**
     * @param jar a bundle jar
     * @return what was done, for the log or the shell
     * @throws IamException {@code INVALID_ARGUMENT} if it is not a bundle jar, {@code FAILED} if
     *         the new version does not work (the previous one is back then)
     */
    public synchronized String deploy(Path jar) throws IamException {
        try {
            String done = deployOnce(jar);
            record(jar, "done: " + done);
            return done;
        } catch (IamException e) {
            record(jar, "FAILED: " + e.getMessage());
            throw e;
        }
    }

    /**
     * Undoes at start what the deploy folder put in place from a jar that is no longer there (the
     * framework cache keeps deployed bundles across restarts): a bundle it installed is
     * uninstalled, a bundle of edgeiam.jar it replaced goes back to the one inside edgeiam.jar.
     * Nothing is undone while the folder itself is missing (an unmounted volume).
     *
     * @param dir the deploy folder
     * @return what was done, one line each
     */
    public synchronized List<String> undoRemoved(Path dir) {
        List<String> done = new java.util.ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return done;
        }
        for (java.util.Map.Entry<String, Deployments.Entry> e : deployments.all().entrySet()) {
            String name = e.getKey();
            Deployments.Entry entry = e.getValue();
            if (Files.exists(dir.resolve(entry.jar()))) {
                continue;
            }
            Bundle bundle = installed(name);
            deployments.remove(name);
            if (bundle == null) {
                continue;
            }
            String why = entry.jar() + " is no longer in " + dir;
            if (entry.kind() == Deployments.Kind.INSTALLED) {
                uninstall(bundle);
                refresh(bundle);
                done.add("uninstalled " + name + " " + bundle.getVersion() + ": " + why);
            } else {
                done.add(restoreEmbedded(bundle, why));
            }
        }
        return done;
    }

    private String restoreEmbedded(Bundle bundle, String why) {
        String name = bundle.getSymbolicName();
        Version deployed = bundle.getVersion();
        java.util.Optional<byte[]> embedded = EmbeddedBundles.content(name);
        if (embedded.isEmpty()) {
            LauncherCache.forgetDigest(context, bundle);
            return name + " " + deployed + " stays until the next start (" + why
                    + "; its version inside edgeiam.jar is not readable now)";
        }
        boolean active = bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.STARTING;
        Optional<String> problem = swap(bundle, new ByteArrayInputStream(embedded.get()),
                active && bundle.getHeaders().get("Fragment-Host") == null);
        return problem.isEmpty() ? "rolled back " + name + " " + deployed + " to " + bundle.getVersion()
                + " from edgeiam.jar: " + why
                : "rolling back " + name + " " + deployed + " failed (" + problem.get() + "): " + why;
    }

    /** @return the latest deployments, oldest first: time, jar, outcome */
    public synchronized List<String> history() {
        return List.copyOf(history);
    }

    private void record(Path jar, String outcome) {
        history.addLast(java.time.LocalDateTime.now().withNano(0) + "  " + jar.getFileName() + "  " + outcome);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    private String deployOnce(Path jar) throws IamException {
        BundleJar incoming = BundleJar.read(jar);
        Bundle existing = installed(incoming.symbolicName());
        String name = incoming.symbolicName();
        if (existing != null && existing.getVersion().equals(incoming.version())) {
            if (existing.getBundleId() != context.getBundle().getBundleId()) {
                deployments.put(name, existing.getLocation().startsWith(LOCATION) ? Deployments.Kind.INSTALLED
                        : Deployments.Kind.REPLACED, jar.getFileName().toString());
            }
            return name + " " + incoming.version() + " is installed already";
        }
        if (existing != null && existing.getBundleId() == context.getBundle().getBundleId()) {
            return updateSelf(jar, incoming);
        }
        long t0 = System.nanoTime();
        return existing == null ? install(jar, incoming, t0) : replace(existing, jar, incoming, t0);
    }

    private String install(Path jar, BundleJar incoming, long t0) throws IamException {
        Bundle bundle;
        try (InputStream in = Files.newInputStream(jar)) {
            bundle = context.installBundle(LOCATION + jar.getFileName(), in);
        } catch (IOException | BundleException e) {
            throw new IamException(ErrorCode.FAILED, "cannot install " + jar + ": " + e.getMessage());
        }
        Optional<String> problem = startAndCheck(bundle, incoming.fragment());
        if (problem.isPresent()) {
            uninstall(bundle);
            throw new IamException(ErrorCode.FAILED, incoming.symbolicName() + " " + incoming.version()
                    + " does not work (" + problem.get() + "): uninstalled again");
        }
        deployments.put(incoming.symbolicName(), Deployments.Kind.INSTALLED, jar.getFileName().toString());
        return "installed " + incoming.symbolicName() + " " + incoming.version() + " as bundle " + bundle.getBundleId()
                + " in " + millis(t0) + " ms";
    }

    private String replace(Bundle bundle, Path jar, BundleJar incoming, long t0) throws IamException {
        Version before = bundle.getVersion();
        byte[] previous = BundleJar.contentOf(bundle);
        boolean wasActive = bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.STARTING;
        Optional<String> problem;
        try (InputStream in = Files.newInputStream(jar)) {
            problem = swap(bundle, in, wasActive && !incoming.fragment());
        } catch (IOException e) {
            problem = Optional.of("cannot read " + jar + ": " + e.getMessage());
        }
        String name = incoming.symbolicName();
        if (problem.isEmpty()) {
            deployments.put(name, bundle.getLocation().startsWith(LOCATION) ? Deployments.Kind.INSTALLED
                    : Deployments.Kind.REPLACED, jar.getFileName().toString());
            return "replaced " + name + " " + before + " with " + incoming.version() + " in " + millis(t0) + " ms";
        }
        LOG.error("{} {} does not work ({}): restoring {}", name, incoming.version(), problem.get(), before);
        Optional<String> restored = swap(bundle, new ByteArrayInputStream(previous), wasActive && !incoming.fragment());
        throw new IamException(ErrorCode.FAILED, name + " " + incoming.version() + " does not work (" + problem.get()
                + "): " + (restored.isEmpty() ? "version " + before + " restored"
                        : "restoring version " + before + " failed too: " + restored.get()));
    }

    /** Stop, update, refresh, start: the bundle restarts once, its dependants with it. */
    private Optional<String> swap(Bundle bundle, InputStream content, boolean start) {
        try {
            if (bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.STARTING) {
                bundle.stop(Bundle.STOP_TRANSIENT);
            }
            bundle.update(content);
            refreshAndWait(bundle);
        } catch (BundleException | RuntimeException e) {
            return Optional.of(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
        return start ? startAndCheck(bundle, false) : Optional.empty();
    }

    private Optional<String> startAndCheck(Bundle bundle, boolean fragment) {
        try {
            if (!fragment) {
                bundle.start();
            } else {
                context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(List.of(bundle));
            }
            return ComponentCheck.problem(bundle, scr, SETTLE_MS);
        } catch (BundleException e) {
            return Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            LOG.debug("checking {} failed", bundle.getSymbolicName(), e);
            return Optional.of(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    private void refresh(Bundle bundle) {
        try {
            refreshAndWait(bundle);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void refreshAndWait(Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), e -> done.countDown());
        if (!done.await(60, TimeUnit.SECONDS)) {
            LOG.warn("refreshing {} takes more than 60 s", bundle.getSymbolicName());
        }
    }

    private String updateSelf(Path jar, BundleJar incoming) throws IamException {
        byte[] content;
        try {
            content = Files.readAllBytes(jar);
        } catch (IOException e) {
            throw new IamException(ErrorCode.FAILED, "cannot read " + jar + ": " + e.getMessage());
        }
        Bundle self = context.getBundle();
        LauncherCache.forgetDigest(context, self);
        Thread t = new Thread(() -> {
            try {
                self.update(new ByteArrayInputStream(content));
            } catch (BundleException e) {
                LOG.error("updating the deployer itself to {} failed: {}", incoming.version(), e.getMessage());
            }
        }, "edgeiam-deploy-self-update");
        t.start();
        return "updating the deployer itself to " + incoming.version() + " (no automatic rollback for it)";
    }

    private Bundle installed(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() != 0 && symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static void uninstall(Bundle bundle) {
        try {
            bundle.uninstall();
        } catch (BundleException e) {
            LOG.error("cannot uninstall {}: {}", bundle.getSymbolicName(), e.getMessage());
        }
    }

    private static long millis(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
