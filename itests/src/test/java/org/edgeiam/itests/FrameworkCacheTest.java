package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The framework cache of the executable jar is kept across restarts: a start killed while it
 * fills the cache is followed by a good one, a restart installs nothing again and the cache
 * folders of earlier builds are deleted. A bundle replaced from the deploy
 * folder starts from the one inside {@code edgeiam.jar} at the next start and is replaced again
 * while its jar is there, or stays the embedded one when its jar was removed; a bundle the deploy
 * folder installed stays installed, or is uninstalled when its jar was removed.
 */
public class FrameworkCacheTest {
    private static final String IDENTIFIER = "org.edgeiam.identifier.file";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private RuntimeNode node;

    @After
    public void stop() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void cacheIsKeptAndTheDeployFolderDecidesAgainAtEachStart() throws Exception {
        Path root = tmp.getRoot().toPath();
        TestCa ca = new TestCa(Files.createDirectories(root.resolve("ca")));
        node = new RuntimeNode(root.resolve("node"), UnitSetup.config(ca, "\"attrs\": {\"MainNode\": \"\"}",
                List.of("iam"), ""));
        Files.writeString(node.dir.resolve("node-id"), "cache-node\n");
        // killed while it fills the cache: Felix drops a half-written bundle, the launcher installs it again
        node.start(true);
        Thread.sleep(100 + new java.util.Random().nextInt(500));
        node.kill();
        node.start(true).awaitLog("deploying bundle jars dropped into");
        node.stop();
        Path caches = node.dir.resolve("var/felix-cache");
        List<Path> builds = list(caches);
        assertEquals("one cache folder per build: " + builds, 1, builds.size());
        Path cache = builds.get(0);
        Path earlier = Files.createDirectories(caches.resolve("20000101000000/bundle0"));

        node.start(true).awaitLog("framework cache of an earlier build deleted: " + earlier.getParent());
        assertFalse(Files.exists(earlier));
        assertEquals("a restart updates no bundle", List.of(), revisionsAfterTheFirst(cache));

        Path deploy = node.dir.resolve("var/deploy");
        TestBundles.variantOfRuntimeBundle(IDENTIFIER + "-", "0.9.0", Map.of(), deploy.resolve("ident-0.9.0.jar"));
        extraBundle(deploy.resolve("extra.jar"));
        Files.writeString(deploy.resolve("edgeiam.test.cfg"), "answer=42\n");
        String replaced = node.awaitLog("with 0.9.0 in");
        node.awaitLog("installed edgeiam.test.extra 1.0.0 as bundle");
        long until = System.nanoTime() + 20_000_000_000L;
        while (configurationFiles(cache, "test.config").isEmpty() && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertEquals(1, configurationFiles(cache, "test.config").size());
        String embedded = replaced.substring(replaced.indexOf("replaced " + IDENTIFIER + " ")).split(" ")[2];
        node.stop();

        node.start(true).awaitLog("deploying bundle jars dropped into");
        node.awaitLog(IDENTIFIER + " 0.9.0 is installed already");
        node.awaitLog("edgeiam.test.extra 1.0.0 is installed already");
        assertEquals("a jar still in the deploy folder stays deployed", "0.9.0", version(IDENTIFIER));
        node.stop();

        Files.delete(deploy.resolve("ident-0.9.0.jar"));
        Files.delete(deploy.resolve("extra.jar"));
        Files.delete(deploy.resolve("edgeiam.test.cfg"));
        node.start(true).awaitLog("uninstalled edgeiam.test.extra 1.0.0: extra.jar is no longer in");
        long gone = System.nanoTime() + 20_000_000_000L;
        while (!configurationFiles(cache, "test.config").isEmpty() && System.nanoTime() < gone) {
            Thread.sleep(100);
        }
        assertEquals("FileInstall dropped the configuration of the deleted file", List.of(), configurationFiles(cache,
                "test.config"));
        node.awaitLog("rolled back " + IDENTIFIER + " 0.9.0 to " + embedded
                + " from edgeiam.jar: ident-0.9.0.jar is no longer in");
        assertEquals("back to the bundle inside edgeiam.jar", embedded, version(IDENTIFIER));
        assertFalse(node.command("lb").contains("edgeiam.test.extra"));
        node.stop();
        node.start(true).awaitLog("deploying bundle jars dropped into");
        assertEquals("and it stays so", embedded, version(IDENTIFIER));
    }

    /** @return the files ConfigAdmin keeps in the cache for configurations whose file name ends so */
    private static List<Path> configurationFiles(Path cache, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(p -> p.toString().endsWith("/config/edgeiam/" + suffix)).toList();
        }
    }

    /** @return the bundles of the cache that have more than their first revision */
    private static List<String> revisionsAfterTheFirst(Path cache) throws IOException {
        try (Stream<Path> files = Files.walk(cache, 2)) {
            return files.filter(p -> p.getFileName().toString().startsWith("version")
                    && !p.getFileName().toString().startsWith("version0.")).map(Path::toString).toList();
        }
    }

    /** Read in a fresh process only: Gogo's lb shows the headers a bundle had when it first listed it. */
    private String version(String symbolicName) throws Exception {
        for (String line : node.command("lb -s").lines().toList()) {
            if (line.contains("|" + symbolicName + " (")) {
                return line.substring(line.lastIndexOf('(') + 1, line.lastIndexOf(')'));
            }
        }
        throw new AssertionError(symbolicName + " is not installed:\n" + node.command("lb -s"));
    }


    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    /** A bundle that is not in edgeiam.jar: a manifest and nothing else. */
    private static void extraBundle(Path jar) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        m.getMainAttributes().putValue("Bundle-SymbolicName", "edgeiam.test.extra");
        m.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        Path part = jar.resolveSibling(jar.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(part); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        Files.move(part, jar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
