package org.edgeiam.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The framework cache against the distribution's jars, with a real Felix restarted on the same
 * cache: a restart does nothing, a changed jar is updated, a jar no longer listed is uninstalled,
 * a bundle installed from elsewhere is left alone, and a deleted note brings the distribution's
 * jar back.
 */
class BundleSyncTest {
    @TempDir
    Path dir;
    private Framework framework;

    @AfterEach
    void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void aRestartInstallsNothingAndChangedOrRemovedJarsAreFollowed() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib/jar"));
        Path a = bundle(lib.resolve("a.jar"), "test.a", "1.0.0");
        Path b = bundle(lib.resolve("b.jar"), "test.b", "1.0.0");

        assertCounts(new int[] {2, 0, 0}, restart(lib, List.of(a, b)), "first start: both installed");
        framework.start();
        assertEquals(Bundle.ACTIVE, find("test.a").getState());
        assertEquals(BundleSync.location(a), find("test.a").getLocation());

        assertCounts(new int[] {0, 0, 0}, restart(lib, List.of(a, b)), "a restart changes nothing");

        bundle(a, "test.a", "1.1.0");
        Files.setLastModifiedTime(a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 2000));
        assertCounts(new int[] {0, 1, 0}, restart(lib, List.of(a, b)), "a changed jar is updated");
        assertEquals("1.1.0", find("test.a").getVersion().toString());

        assertCounts(new int[] {0, 0, 1}, restart(lib, List.of(a)), "a jar no longer listed goes");
        assertNull(find("test.b"));
    }

    @Test
    void bundlesFromElsewhereStayAndADeletedNoteTakesTheDistributionsJarAgain() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib/jar"));
        Path a = bundle(lib.resolve("a.jar"), "test.a", "1.0.0");
        Path other = bundle(Files.createDirectories(dir.resolve("deploy")).resolve("c.jar"), "test.c", "1.0.0");
        restart(lib, List.of(a));
        framework.getBundleContext().installBundle(other.toUri().toString());
        // the deploy folder replaces test.a in place with another version
        Bundle deployed = find("test.a");
        deployed.update(Files.newInputStream(bundle(dir.resolve("deploy/a2.jar"), "test.a", "2.0.0")));

        assertCounts(new int[] {0, 0, 0}, restart(lib, List.of(a)));
        assertNotNull(find("test.c"), "a bundle installed from elsewhere is not the launcher's to remove");
        assertEquals("2.0.0", find("test.a").getVersion().toString(), "the deployed version stays");

        Path note = framework.getBundleContext().getDataFile(BundleSync.NOTES).toPath()
                .resolve(Long.toString(find("test.a").getBundleId()));
        Files.delete(note); // what org.edgeiam.deploy does when a deployed jar leaves the folder
        assertCounts(new int[] {0, 1, 0}, restart(lib, List.of(a)));
        assertEquals("1.0.0", find("test.a").getVersion().toString());
    }

    @Test
    void aBundleThatCannotStartDoesNotKeepTheOthersFromStarting() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib/jar"));
        Path broken = bundle(lib.resolve("broken.jar"), "test.broken", "1.0.0", "test.broken.Missing");
        Path a = bundle(lib.resolve("a.jar"), "test.a", "1.0.0");
        stop();
        framework = newFramework();
        framework.init();
        assertCounts(new int[] {2, 0, 0}, new BundleSync(framework.getBundleContext(), lib.getParent())
                .apply(List.of(broken, a)));
        framework.start();

        assertEquals(Bundle.ACTIVE, find("test.a").getState());
        assertTrue(find("test.broken").getState() != Bundle.ACTIVE, "its activator class does not exist");
    }

    private static void assertCounts(int[] expected, BundleSync.Result result, String message) {
        assertArrayEquals(expected, new int[] {result.installed(), result.updated(), result.uninstalled()}, message);
    }

    private static void assertCounts(int[] expected, BundleSync.Result result) {
        assertCounts(expected, result, "");
    }

    private Framework newFramework() {
        return ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(Map.of(
                "org.osgi.framework.storage", dir.resolve("cache").toString(),
                "org.osgi.framework.storage.clean", "none"));
    }

    @Test
    void startLevelsAreSetAtEveryStartSoABundleAddedLaterStillStartsInItsPlace() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib/jar"));
        Path a = bundle(lib.resolve("a.jar"), "test.a", "1.0.0");
        Path logging = bundle(lib.resolve("logging.jar"), "test.logging", "1.0.0");
        restart(lib, List.of(a));

        stop();
        framework = newFramework();
        framework.init();
        new BundleSync(framework.getBundleContext(), lib.getParent()).apply(List.of(logging, a), List.of(1, 2));

        assertTrue(find("test.logging").getBundleId() > find("test.a").getBundleId(), "installed after test.a");
        assertEquals(1, find("test.logging").adapt(org.osgi.framework.startlevel.BundleStartLevel.class).getStartLevel());
        assertEquals(2, find("test.a").adapt(org.osgi.framework.startlevel.BundleStartLevel.class).getStartLevel());
    }

    private BundleSync.Result restart(Path lib, List<Path> jars) throws Exception {
        stop();
        framework = newFramework();
        framework.init();
        return new BundleSync(framework.getBundleContext(), lib.getParent()).apply(jars);
    }

    private Bundle find(String name) {
        for (Bundle bundle : framework.getBundleContext().getBundles()) {
            if (name.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    private static Path bundle(Path jar, String name, String version) throws IOException {
        return bundle(jar, name, version, null);
    }

    private static Path bundle(Path jar, String name, String version, String activator) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", name);
        main.putValue("Bundle-Version", version);
        if (activator != null) {
            main.putValue("Bundle-Activator", activator);
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.flush();
        }
        return jar;
    }
}
