package org.edgeiam.deploy.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.IamException;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the deploy folder for bundle jars and configurations ({@code *.cfg}, {@code *.config}).
 * A file is used only if {@link FolderTrust} accepts it and its folder; a refused one is logged
 * (ERROR, once) and left alone. An accepted jar whose size and time stamp stayed the same for one
 * poll (so a half-copied file is never read) goes to the {@link Upgrader}; one that does not work
 * is renamed {@code *.jar.failed}. An accepted configuration is copied to the folder FileInstall
 * watches ({@link ConfigStaging}), and withdrawn from there when its file goes or is refused. A
 * missing deploy folder is created 0700; an existing one keeps its mode. At start, what came from
 * a jar that was removed meanwhile is undone ({@link Upgrader#undoRemoved}), and so is a
 * configuration whose file was removed ({@link StaleConfigurations}).
 */
@Component(immediate = true, configurationPid = DeployConfig.PID)
@Designate(ocd = DeployConfig.class)
public class DeployFolder {
    private static final Logger LOG = LoggerFactory.getLogger(DeployFolder.class);
    /** Framework property naming the deploy folder. */
    static final String DIR_PROPERTY = "edgeiam.deploy.dir";
    /** Framework property naming the folder FileInstall watches. */
    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";

    private record Stamp(long size, long modified) {
    }

    private final Path dir;
    private final Upgrader upgrader;
    private final FolderTrust trust;
    private final ConfigStaging staging;
    /** Whether FileInstall reads the deploy folder itself, so that its configurations are not ours to refuse. */
    private final boolean unchecked;
    private final Map<Path, Stamp> seen = new HashMap<>();
    private final Map<Path, Stamp> handled = new HashMap<>();
    private Map<Path, String> refused = Map.of();
    private String stagingProblem;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "edgeiam-deploy"));

    /**
     * @param context for the framework properties naming the folders
     * @param config the folder and poll interval
     * @param upgrader does the deployments
     * @param cm for the configurations of removed files
     * @throws IOException if the runtime's user cannot be found out
     */
    @Activate
    public DeployFolder(BundleContext context, DeployConfig config, @Reference Upgrader upgrader,
            @Reference ConfigurationAdmin cm) throws IOException {
        String watched = context.getProperty(FILEINSTALL_DIR);
        this.dir = folder(config.dir(), context.getProperty(DIR_PROPERTY), watched, "var/deploy");
        this.upgrader = upgrader;
        this.trust = FolderTrust.ofThisProcess();
        Path fileInstallDir = watched == null || watched.isBlank() ? null : folder(watched);
        this.unchecked = dir.equals(fileInstallDir);
        this.staging = fileInstallDir == null || this.unchecked ? null : new ConfigStaging(fileInstallDir, this.trust);
        if (fileInstallDir == null) {
            LOG.warn("{} is not set: the configurations of the deploy folder are not applied", FILEINSTALL_DIR);
        } else if (this.unchecked) {
            LOG.warn("FileInstall reads the deploy folder {} itself: its configurations are applied without the"
                    + " owner and mode check; set {} to the deploy folder and {} to another folder", dir,
                    DIR_PROPERTY, FILEINSTALL_DIR);
        }
        poller.execute(() -> {
            createFolder();
            upgrader.undoRemoved(dir).forEach(LOG::info);
            withdrawUnaccepted();
            deleteStaleConfigurations(cm, fileInstallDir);
            LauncherCache.deleteEarlierBuilds(context.getProperty("org.osgi.framework.storage"));
        });
        poller.scheduleWithFixedDelay(this::poll, 0, Math.max(100, config.poll_ms()), TimeUnit.MILLISECONDS);
        LOG.info("deploying bundle jars dropped into {}", dir);
    }

    private static Path folder(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return Path.of(c).toAbsolutePath().normalize();
            }
        }
        throw new IllegalArgumentException("no folder");
    }

    private void createFolder() {
        try {
            if (FolderTrust.createPrivate(dir)) {
                LOG.info("deploy folder {} created, private to the runtime's user (0700)", dir);
            }
        } catch (IOException e) {
            LOG.warn("deploy folder {} cannot be created: {}", dir, e.toString());
        }
    }

    /** At start, before FileInstall may apply them again: copies of files now gone or refused go. */
    private void withdrawUnaccepted() {
        Map<Path, Stamp> accepted = new HashMap<>();
        scan(accepted, new HashMap<>());
        Set<String> keep = new HashSet<>();
        accepted.keySet().forEach(p -> keep.add(p.getFileName().toString()));
        stage(Map.of(), keep);
    }

    private void deleteStaleConfigurations(ConfigurationAdmin cm, Path fileInstallDir) {
        try {
            List<String> done = StaleConfigurations.deleteOrphans(cm, dir, fileInstallDir);
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
        createFolder();
        Map<Path, Stamp> now = new HashMap<>();
        Map<Path, String> problems = new TreeMap<>();
        if (!scan(now, problems)) {
            return;
        }
        report(problems);
        Map<String, Path> copy = new TreeMap<>();
        Set<String> keep = new HashSet<>();
        for (Map.Entry<Path, Stamp> e : now.entrySet()) {
            Path file = e.getKey();
            Stamp stamp = e.getValue();
            boolean stable = stamp.equals(seen.get(file));
            String name = file.getFileName().toString();
            if (ConfigStaging.isConfiguration(name) && stable) {
                copy.put(name, file);
            } else if (ConfigStaging.isConfiguration(name)) {
                keep.add(name); // still being written: its earlier copy stays
            } else if (stable && !stamp.equals(handled.get(file))) {
                handled.put(file, stamp);
                deploy(file);
            }
        }
        seen.clear();
        seen.putAll(now);
        handled.keySet().retainAll(now.keySet());
        stage(copy, keep);
    }

    /**
     * Lists the accepted jars and configurations with their stamps, and the refused ones with why.
     *
     * @return whether the folder could be read
     */
    private boolean scan(Map<Path, Stamp> accepted, Map<Path, String> problems) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try {
            String folderProblem = trust.folderProblem(dir);
            if (folderProblem != null) {
                problems.put(dir, folderProblem + (unchecked ? "; its jars are not deployed (FileInstall reads its"
                        + " configurations itself)" : "; nothing in it is deployed nor applied"));
                return true;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.{jar,cfg,config}")) {
                for (Path file : files) {
                    String problem = trust.fileProblem(file);
                    if (problem != null) {
                        boolean applied = unchecked && ConfigStaging.isConfiguration(file.getFileName().toString());
                        problems.put(file, problem + (applied ? "; FileInstall reads it all the same"
                                : "; it is neither deployed nor applied"));
                    } else {
                        accepted.put(file, new Stamp(Files.size(file),
                                Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis()));
                    }
                }
            }
            return true;
        } catch (IOException e) {
            LOG.warn("cannot read the deploy folder {}: {}", dir, e.toString());
            return false;
        }
    }

    /** Logs each refusal once, as long as its reason stays the same. */
    private void report(Map<Path, String> problems) {
        problems.forEach((file, why) -> {
            if (!why.equals(refused.get(file))) {
                LOG.error("deploy folder: refused {}: {}", file, why);
            }
        });
        refused.keySet().stream().filter(file -> !problems.containsKey(file))
                .forEach(file -> LOG.info("deploy folder: {} is no longer refused", file));
        refused = Map.copyOf(problems);
    }

    private void stage(Map<String, Path> copy, Set<String> keep) {
        if (staging == null) {
            return;
        }
        try {
            staging.sync(copy, keep).forEach(LOG::info);
            stagingProblem = null;
        } catch (IOException e) {
            String problem = e.toString();
            if (!problem.equals(stagingProblem)) {
                LOG.error("cannot hand the configurations of the deploy folder to FileInstall in {}: {}",
                        staging.target(), problem);
            }
            stagingProblem = problem;
        }
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
