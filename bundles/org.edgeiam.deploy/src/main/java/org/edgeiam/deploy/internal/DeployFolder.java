package org.edgeiam.deploy.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.IamException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the deploy folder for bundle jars ({@code *.jar}; FileInstall handles the
 * configurations there) and hands each new or changed one, once its size and time stamp stayed
 * the same for one poll (so a half-copied file is never read), to the {@link Upgrader}. A jar that
 * does not work is renamed {@code *.jar.failed} so it is not tried again; a deployed jar stays,
 * and is deployed again after a restart of the runtime (the runtime starts from the bundles in
 * the framework cache, see {@link LauncherCache}). At start, what came from a jar that was removed
 * meanwhile is undone ({@link Upgrader#undoRemoved}), and so is a configuration whose {@code *.cfg}
 * file was removed ({@link StaleConfigurations}).
 */
@Component(immediate = true, configurationPid = DeployConfig.PID)
@Designate(ocd = DeployConfig.class)
public class DeployFolder {
    private static final Logger LOG = LoggerFactory.getLogger(DeployFolder.class);

    private record Stamp(long size, long modified) {
    }

    private final Path dir;
    private final Upgrader upgrader;
    private final Map<Path, Stamp> seen = new HashMap<>();
    private final Map<Path, Stamp> handled = new HashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "edgeiam-deploy"));

    /**
     * @param context for the framework property naming the folder
     * @param config the folder and poll interval
     * @param upgrader does the deployments
     */
    @Activate
    public DeployFolder(BundleContext context, DeployConfig config, @Reference Upgrader upgrader,
            @Reference ConfigurationAdmin cm) {
        String configured = config.dir().isBlank() ? context.getProperty("felix.fileinstall.dir") : config.dir();
        this.dir = Path.of(configured == null || configured.isBlank() ? "var/deploy" : configured).toAbsolutePath();
        this.upgrader = upgrader;
        poller.execute(() -> {
            upgrader.undoRemoved(dir).forEach(LOG::info);
            deleteStaleConfigurations(cm);
            LauncherCache.deleteEarlierBuilds(context.getProperty("org.osgi.framework.storage"));
        });
        poller.scheduleWithFixedDelay(this::poll, 0, Math.max(100, config.poll_ms()), TimeUnit.MILLISECONDS);
        LOG.info("deploying bundle jars dropped into {}", dir);
    }

    private static void deleteStaleConfigurations(ConfigurationAdmin cm) {
        try {
            List<String> done = StaleConfigurations.deleteOrphans(cm);
            done.forEach(LOG::info);
            LOG.debug("stale configurations checked: {} deleted", done.size());
        } catch (IOException | org.osgi.framework.InvalidSyntaxException | RuntimeException e) {
            LOG.warn("cannot check the configurations of the deploy folder: {}", e.toString());
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        LOG.info("no longer watching {}", dir);
        poller.shutdownNow();
        poller.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void poll() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Map<Path, Stamp> now = new HashMap<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                now.put(jar, new Stamp(Files.size(jar), Files.getLastModifiedTime(jar).toMillis()));
            }
        } catch (IOException e) {
            LOG.warn("cannot read the deploy folder {}: {}", dir, e.getMessage());
            return;
        }
        for (Map.Entry<Path, Stamp> e : now.entrySet()) {
            Stamp stamp = e.getValue();
            if (stamp.equals(seen.get(e.getKey())) && !stamp.equals(handled.get(e.getKey()))) {
                handled.put(e.getKey(), stamp);
                deploy(e.getKey());
            }
        }
        seen.clear();
        seen.putAll(now);
        handled.keySet().retainAll(now.keySet());
    }

    private void deploy(Path jar) {
        try {
            LOG.info("{}", upgrader.deploy(jar));
        } catch (IamException e) {
            LOG.error("{}: {}", jar.getFileName(), e.getMessage());
            try {
                Files.move(jar, jar.resolveSibling(jar.getFileName() + ".failed"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                LOG.warn("cannot rename {} to .failed: {}", jar, moveFailed.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.error("deploying {} failed unexpectedly", jar.getFileName(), e);
        }
    }
}
