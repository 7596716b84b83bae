package org.edgeiam.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import javax.inject.Inject;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * Boots Felix with exactly the bundles of {@code runtime/target/edgeiam.jar} (minus Gogo's
 * stdin console), an AosEdge configuration file written for the test (free ports, a fake /proc
 * tree, a fresh working dir) and provisioning mode, so the servers speak plaintext gRPC.
 */
public abstract class EdgeIamTestSupport {
    /** Framework property holding the public server port chosen for the test. */
    protected static final String PUBLIC_PORT = "edgeiam.itest.public.port";
    /** Framework property holding the protected server port chosen for the test. */
    protected static final String PROTECTED_PORT = "edgeiam.itest.protected.port";
    /** Framework property holding the management HTTP port chosen for the test. */
    protected static final String HTTP_PORT = "edgeiam.itest.http.port";
    /** Framework property holding the test's working directory. */
    protected static final String TEST_DIR = "edgeiam.itest.dir";
    /** Node ID written into the fake node ID file. */
    protected static final String NODE_ID = "itest-node-1";

    @Inject
    protected BundleContext context;

    /**
     * @param name a name for this test's directory
     * @return the Pax Exam options of a runtime in provisioning mode
     */
    protected static Option[] runtime(String name) {
        return runtime(name, null);
    }

    /**
     * @param name a name for this test's directory
     * @param extraModules more {@code certModules} entries (JSON objects, comma-separated; the
     *        string {@code @DIR@} stands for the test's directory), or {@code null}
     * @return the Pax Exam options of a runtime in provisioning mode
     */
    protected static Option[] runtime(String name, String extraModules) {
        try {
            Path dir = Files.createDirectories(Path.of(System.getProperty("edgeiam.itest.dir"), name
                    + "-" + System.nanoTime()));
            int publicPort = freePort();
            int protectedPort = freePort();
            int httpPort = freePort();
            Path config = writeNode(dir, publicPort, protectedPort, httpPort,
                    extraModules == null ? "" : "," + extraModules.replace("@DIR@", dir.toString()));
            List<Option> options = new ArrayList<>();
            options.add(frameworkProperty("edgeiam.config").value(config.toString()));
            options.add(frameworkProperty("edgeiam.provisioning").value("true"));
            // as the runtime: the deployer checks var/deploy, FileInstall reads only what it accepted
            options.add(frameworkProperty("edgeiam.deploy.dir").value(dir.resolve("deploy").toString()));
            options.add(frameworkProperty("felix.fileinstall.dir").value(dir.resolve("deploy-accepted").toString()));
            options.add(frameworkProperty("felix.fileinstall.filter").value(".*\\.(cfg|config)"));
            options.add(frameworkProperty("edgeiam.shell.socket").value(dir.resolve("run/gogo.sock").toString()));
            options.add(frameworkProperty(PUBLIC_PORT).value(Integer.toString(publicPort)));
            options.add(frameworkProperty(PROTECTED_PORT).value(Integer.toString(protectedPort)));
            options.add(frameworkProperty(HTTP_PORT).value(Integer.toString(httpPort)));
            options.add(frameworkProperty(TEST_DIR).value(dir.toString()));
            // as -runproperties does for the runtime: slf4j binds logback by name (org.edgeiam.logging.binding)
            options.add(systemProperty("slf4j.provider").value("ch.qos.logback.classic.spi.LogbackServiceProvider"));
            options.add(systemProperty("org.ops4j.pax.url.mvn.localRepository")
                    .value(System.getProperty("maven.repo.local")));
            options.add(systemProperty("org.ops4j.pax.url.mvn.repositories")
                    .value("https://repo1.maven.org/maven2@id=central"));
            options.add(junitBundles());
            Map<Path, Integer> levels = new java.util.LinkedHashMap<>();
            List<Path> bundles = new ArrayList<>(runtimeBundles(dir.resolve("bundles"), levels));
            // Pax Exam may start each bundle as it installs it: the lower levels go first
            bundles.sort(java.util.Comparator.comparing(jar -> levels.getOrDefault(jar, 2)));
            for (Path jar : bundles) {
                // fragments are installed, never started; start levels as the runtime has them (SPI Fly,
                // slf4j and logback before the first bundle that logs), below Pax Exam's own (50, probe 80)
                options.add(bundle(jar.toUri().toString()).start(!isFragment(jar))
                        .startLevel(Math.max(1, levels.getOrDefault(jar, 2))));
            }
            return options.toArray(Option[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path writeNode(Path dir, int publicPort, int protectedPort, int httpPort, String extraModules)
            throws IOException {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Files.writeString(proc.resolve("cpuinfo"), String.join("\n", "processor\t: 0",
                "physical id\t: 0", "model name\t: EdgeIAM Test CPU", "cpu family\t: 6", "cpu cores\t: 2",
                "siblings\t: 4", "", "processor\t: 1", "physical id\t: 0", "model name\t: EdgeIAM Test CPU", ""));
        Files.writeString(proc.resolve("meminfo"), "MemTotal:        2048000 kB\nMemFree:  1000 kB\n");
        Files.writeString(dir.resolve("node-id"), NODE_ID + "\n");
        Files.writeString(dir.resolve("system-id"), "itest-unit\n");
        Files.writeString(dir.resolve("unit-model"), "itest-model;1.0\n");
        Files.writeString(dir.resolve("subjects"), "subject-a\nsubject-b\n");
        Path config = dir.resolve("iam.cfg");
        Files.writeString(config, """
                {
                  "iamPublicServerURL": "127.0.0.1:%d",
                  "iamProtectedServerURL": "127.0.0.1:%d",
                  "managementServerURL": "127.0.0.1:%d",
                  "workingDir": "%s",
                  "enablePermissionsHandler": true,
                  "finishProvisioningCmdArgs": ["sh", "-c", "echo finished > %s/finished.marker"],
                  "identifier": {"plugin": "fileidentifier", "params": {
                     "systemIDPath": "%s", "unitModelPath": "%s", "subjectsPath": "%s"}},
                  "nodeInfo": {
                    "nodeIDPath": "%s",
                    "cpuInfoPath": "%s",
                    "memInfoPath": "%s",
                    "provisioningStatePath": "%s",
                    "nodeName": "itest", "nodeType": "main", "maxDMIPS": 1000,
                    "attrs": {"MainNode": ""},
                    "partitions": [{"name": "work", "types": ["generic"], "path": "%s"}]
                  },
                  "certModules": [
                    {"id": "iam", "plugin": "softmodule", "algorithm": "ecc", "maxItems": 2,
                     "extendedKeyUsage": ["serverAuth", "clientAuth"], "alternativeNames": ["localhost"],
                     "params": {"storePath": "%s"}},
                    {"id": "online", "plugin": "softmodule", "algorithm": "ecc", "maxItems": 2,
                     "params": {"storePath": "%s"}},
                    {"id": "selfsigned", "plugin": "softmodule", "algorithm": "ecc", "maxItems": 1, "selfSigned": true,
                     "params": {"storePath": "%s"}}%s
                  ],
                  "tenants": [{"id": "acme", "name": "ACME devices"}, {"id": "globex"}]
                }
                """.formatted(publicPort, protectedPort, httpPort, dir.resolve("work"), dir, dir.resolve("system-id"),
                dir.resolve("unit-model"), dir.resolve("subjects"), dir.resolve("node-id"), proc.resolve("cpuinfo"),
                proc.resolve("meminfo"), dir.resolve("work/.provisionstate"), dir, dir.resolve("keys/iam"),
                dir.resolve("keys/online"), dir.resolve("keys/selfsigned"), extraModules), StandardCharsets.UTF_8);
        return config;
    }

    /** The bundles the executable jar launches, extracted; Gogo's console is left out. */
    private static List<Path> runtimeBundles(Path into, Map<Path, Integer> levels) throws IOException {
        Files.createDirectories(into);
        List<Path> result = new ArrayList<>();
        try (JarFile jar = new JarFile(System.getProperty("edgeiam.runtime.jar"))) {
            Properties launch = new Properties();
            try (InputStream in = jar.getInputStream(jar.getEntry("launcher.properties"))) {
                launch.load(in);
            }
            String[] entries = launch.getProperty("launch.bundles").split(",");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("startlevel=(\\d+)")
                    .matcher(launch.getProperty("launch.runbundles.attrs", ""));
            List<Integer> startLevels = new ArrayList<>();
            while (m.find()) {
                startLevels.add(Integer.parseInt(m.group(1)));
            }
            for (int i = 0; i < entries.length; i++) {
                String entry = entries[i];
                if (entry.contains("gogo.shell")) {
                    continue;
                }
                ZipEntry ze = jar.getEntry(entry.trim());
                Path target = into.resolve(Path.of(ze.getName()).getFileName());
                try (InputStream in = jar.getInputStream(ze)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                result.add(target);
                if (startLevels.size() == entries.length) {
                    levels.put(target, startLevels.get(i));
                }
            }
        }
        return result;
    }

    private static boolean isFragment(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getManifest().getMainAttributes().getValue("Fragment-Host") != null;
        }
    }

    /** The SoftHSM2 library tests use. */
    protected static final String SOFTHSM_LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";

    /**
     * Points SoftHSM2 (through {@code SOFTHSM2_CONF}, set by the pom) at a fresh token directory.
     * Must run in {@code @Configuration}, before the framework loads the library.
     */
    protected static void freshSoftHsmTokens() {
        Path tokens = Path.of(System.getProperty("edgeiam.itest.dir"), "softhsm-tokens-" + System.nanoTime());
        try {
            Files.createDirectories(tokens);
            Files.writeString(Path.of(System.getProperty("edgeiam.softhsm.conf")),
                    "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param id cert type
     * @param tokenLabel token label
     * @return a certModules entry on SoftHSM2 ({@code @DIR@} is the test directory)
     */
    protected static String hsmModule(String id, String tokenLabel) {
        return """
                {"id": "%s", "plugin": "pkcs11module", "algorithm": "ecc", "maxItems": 2,
                 "extendedKeyUsage": ["serverAuth", "clientAuth"], "alternativeNames": ["localhost"],
                 "params": {"library": "%s", "tokenLabel": "%s", "userPinPath": "@DIR@/%s.usrpin"}}"""
                .formatted(id, SOFTHSM_LIBRARY, tokenLabel, id);
    }

    private static int freePort() throws IOException {
        return TestPorts.free();
    }

    /** @return a plaintext channel to the protected server (provisioning mode) */
    protected ManagedChannel protectedChannel() {
        int port = Integer.parseInt(context.getProperty(PROTECTED_PORT));
        return NettyChannelBuilder.forAddress(new java.net.InetSocketAddress("127.0.0.1", port)).usePlaintext().build();
    }

    /** @return a plaintext channel to the public server */
    protected ManagedChannel publicChannel() {
        int port = Integer.parseInt(context.getProperty(PUBLIC_PORT));
        return NettyChannelBuilder.forAddress(new java.net.InetSocketAddress("127.0.0.1", port)).usePlaintext().build();
    }

    /** @return the installed bundle with that symbolic name */
    protected Bundle installedBundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    /**
     * Waits for a service.
     *
     * @param type the service type
     * @param <T> the type
     * @return the service
     * @throws InterruptedException if interrupted
     */
    protected <T> T await(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            if (tracker.waitForService(TimeUnit.SECONDS.toMillis(20)) == null) {
                throw new AssertionError("service " + type.getName() + " did not appear within 20 s");
            }
            // our own reference keeps bundle-scoped services (ConfigAdmin) alive after the tracker closes
            return context.getService(tracker.getServiceReference());
        } finally {
            tracker.close();
        }
    }

    /**
     * Runs a Gogo command as an operator would.
     *
     * @param command the command line
     * @return what it returned, as text
     * @throws Exception what the command threw
     */
    protected String shell(String command) throws Exception {
        java.io.PrintStream out = new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true);
        org.apache.felix.service.command.CommandSession session = await(
                org.apache.felix.service.command.CommandProcessor.class).createSession(
                        new java.io.ByteArrayInputStream(new byte[0]), out, out);
        try {
            return String.valueOf(session.execute(command));
        } finally {
            session.close();
        }
    }
}
