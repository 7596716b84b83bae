package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.edgeiam.grpc.iamanager.IAMVersionServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCurrentNodeServiceGrpc;
import org.junit.After;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;

/**
 * The distribution ({@code runtime/target/edgeiam}, {@code bin/edgeiam}) as a gateway runs it,
 * on Java 17 and on Java 25: the first start installs the bundles, answers, tells systemd it is
 * ready (a real {@code systemd-notify} writing to a datagram socket standing in for systemd's)
 * and writes the class-data archive when SIGTERM stops it; a restart installs nothing, maps that
 * archive and answers again; a broken archive, or one that others may write, is never mapped and
 * is written again.
 */
public class DistributionTest {
    private static final String NODE_ID = "main-node-0001";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private RuntimeNode node;
    private Process systemd;
    private ManagedChannel channel;

    @After
    public void tearDown() throws Exception {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (node != null) {
            node.close();
        }
        if (systemd != null) {
            systemd.destroyForcibly();
        }
    }

    @Test
    public void onJava17ItIsReadyTellsSystemdWritesItsArchiveAndUsesItAfterARestart() throws Exception {
        startStopStart(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    @Test
    public void onJava25TheSameHolds() throws Exception {
        Path java25 = Path.of(System.getProperty("edgeiam.java25.home", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin",
                "java");
        Assume.assumeTrue("no Java 25 at " + java25 + " (set edgeiam.java25.home)", Files.isExecutable(java25));
        startStopStart(java25);
    }

    private void startStopStart(Path java) throws Exception {
        node = distributionNode();
        node.javaBinary = java;
        Path socket = node.dir.resolve("notify.sock");
        Path received = node.dir.resolve("notify.txt");
        systemd = new ProcessBuilder("python3", "-c", String.join("\n",
                "import socket, sys",
                "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
                "s.bind(sys.argv[1])",
                "f = open(sys.argv[2], 'ab')",
                "while True:",
                "    f.write(s.recv(4096) + b'\\n'); f.flush()"), socket.toString(), received.toString())
                .inheritIO().start();
        node.environment.put("NOTIFY_SOCKET", socket.toString());
        channel = node.plaintext(node.publicPort);

        node.start(true);
        assertEquals(NODE_ID, answered());
        assertTrue(node.logged(bundles() + " bundles installed"));
        awaitReady(received, 1);
        assertEquals("no class-data archive while the first start runs", List.of(), archives());
        node.stop();
        assertTrue(node.logged("gRPC servers stopped"));
        List<Path> archives = archives();
        assertEquals("one class-data archive, written when the first start stopped: " + archives, 1, archives.size());
        assertTrue(archives.get(0).getFileName().toString().startsWith("edgeiam-" + javaVersion(java) + "-"));

        node.start(true);
        assertEquals(NODE_ID, answered());
        awaitReady(received, 2);
        String maps = Files.readString(Path.of("/proc", Long.toString(node.pid()), "maps"));
        assertTrue("the restart maps " + archives.get(0), maps.contains(archives.get(0).toString()));
        String again = Files.readString(node.log);
        assertFalse(again, again.contains("bundles installed"));
        node.stop();
        assertEquals("the restart wrote no other archive", archives, archives());

        // a start killed while writing its archive leaves a file without a header: replaced, not kept
        Files.write(archives.get(0), new byte[1 << 20]);
        node.start(true);
        assertEquals(NODE_ID, answered());
        maps = Files.readString(Path.of("/proc", Long.toString(node.pid()), "maps"));
        assertFalse("the broken archive is not mapped", maps.contains(archives.get(0).toString()));
        node.stop();
        assertEquals(archives, archives());
        assertTrue("written again when that start stopped", Files.size(archives.get(0)) > (1 << 20));

        // an archive that others may write is never used (the JVM would run the classes in it)
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(archives.get(0));
        assertFalse("the JVM writes archives read-only", mode.contains(PosixFilePermission.GROUP_WRITE));
        Files.setPosixFilePermissions(archives.get(0), EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE));
        node.start(true);
        assertEquals(NODE_ID, answered());
        maps = Files.readString(Path.of("/proc", Long.toString(node.pid()), "maps"));
        assertFalse("a group-writable archive is not mapped", maps.contains(archives.get(0).toString()));
        node.stop();
        assertEquals(archives, archives());
        assertFalse("written again, read-only",
                Files.getPosixFilePermissions(archives.get(0)).contains(PosixFilePermission.GROUP_WRITE));
        assertEquals("var/cache is private to the runtime's user", "rwx------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(node.dir.resolve("var/cache"))));
    }

    private RuntimeNode distributionNode() throws Exception {
        Path dist = Path.of(System.getProperty("edgeiam.distribution"));
        String cfg = Files.readString(dist.resolve("configs/main-node.cfg"))
                .replace("\":8090\"", "\"127.0.0.1:%PUBLIC%\"").replace("\":8089\"", "\"127.0.0.1:%PROTECTED%\"");
        RuntimeNode n = new RuntimeNode(tmp.getRoot().toPath().resolve("node"), cfg);
        Path identity = Files.createDirectories(n.dir.resolve("configs/identity"));
        try (Stream<Path> files = Files.list(dist.resolve("configs/identity"))) {
            for (Path f : files.collect(Collectors.toList())) {
                Files.copy(f, identity.resolve(f.getFileName()));
            }
        }
        n.launcher = dist.resolve("bin/edgeiam");
        return n;
    }

    private String answered() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                IAMVersionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
                        .getAPIVersion(Empty.getDefaultInstance());
                return IAMPublicCurrentNodeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getCurrentNodeInfo(Empty.getDefaultInstance()).getNodeId();
            } catch (StatusRuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no answer within 30 s:\n" + Files.readString(node.log), e);
                }
                channel.resetConnectBackoff();
                Thread.sleep(50);
            }
        }
    }

    private List<Path> archives() throws Exception {
        Path cache = node.dir.resolve("var/cache");
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).sorted().collect(Collectors.toList());
        }
    }

    /** Waits until systemd's stand-in has received READY=1 {@code count} times in all. */
    private static void awaitReady(Path file, int count) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (Files.exists(file) && Files.readAllLines(file).stream().filter("READY=1"::equals).count() == count) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("READY=1 not received " + count + " times within 10 s: "
                + (Files.exists(file) ? Files.readString(file) : "nothing"));
    }

    private static String javaVersion(Path java) throws Exception {
        Path release = java.getParent().getParent().resolve("release");
        return Files.readAllLines(release).stream().filter(l -> l.startsWith("JAVA_VERSION="))
                .map(l -> l.substring("JAVA_VERSION=".length()).replace("\"", "")).findFirst().orElse("java");
    }

    /** @return how many bundles the distribution ships: the jars of lib/jar but the framework */
    private static long bundles() throws IOException {
        try (var jars = Files.list(Path.of(System.getProperty("edgeiam.distribution"), "lib", "jar"))) {
            return jars.filter(j -> !j.getFileName().toString().startsWith("org.apache.felix.framework-")).count();
        }
    }
}
