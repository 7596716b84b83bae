package org.edgeiam.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.edgeiam.testutil.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Runs a {@link DeployFolder} on real folders of a temporary directory, with an {@link Upgrader}
 * that only records the jars it is given; {@code felix.fileinstall.dir} is {@code accepted}.
 */
abstract class DeployFolderTestBase {
    static final long POLL_MS = 100;

    @TempDir
    Path root;
    Path deploy;
    Path accepted;
    final Map<String, String> properties = new HashMap<>();
    final List<Path> deployed = new CopyOnWriteArrayList<>();
    LogCapture log;
    private DeployFolder folder;

    @BeforeEach
    void setUp() {
        this.deploy = this.root.resolve("var/deploy");
        this.accepted = this.root.resolve("var/deploy-accepted");
        this.properties.put(DeployFolder.FILEINSTALL_DIR, this.accepted.toString());
        this.log = new LogCapture(DeployFolder.class);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (this.folder != null) {
            this.folder.deactivate();
        }
        this.log.close();
    }

    Path givenDeployFolder(String mode) throws IOException {
        Files.createDirectories(this.deploy);
        Files.setPosixFilePermissions(this.deploy, PosixFilePermissions.fromString(mode));
        return this.deploy;
    }

    Path givenFile(String name, String content, String mode) throws IOException {
        Path file = this.deploy.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    void whenWatched() throws IOException {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class},
                (p, m, a) -> m.getName().equals("getProperty") ? this.properties.get(a[0]) : null);
        DeployConfig config = (DeployConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DeployConfig.class}, (p, m, a) -> switch (m.getName()) {
                    case "dir" -> this.deploy.toString();
                    case "poll_ms" -> (int) POLL_MS;
                    default -> null;
                });
        ConfigurationAdmin cm = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (p, m, a) -> null);
        Upgrader upgrader = new Upgrader(context) {
            @Override
            public synchronized String deploy(Path jar) {
                DeployFolderTestBase.this.deployed.add(jar);
                return "deployed " + jar.getFileName();
            }

            @Override
            public synchronized List<String> undoRemoved(Path dir) {
                return List.of();
            }
        };
        this.folder = new DeployFolder(context, config, upgrader, cm);
    }

    /** Waits a few polls, so that a stable file was handled. */
    void whenPolledAFewTimes() throws InterruptedException {
        Thread.sleep(POLL_MS * 6);
    }

    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    static String modeOf(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    boolean refusedLogged(Path file, String reason) {
        return this.log.messages().stream().anyMatch(m -> m.contains("refused " + file) && m.contains(reason));
    }
}
