package org.edgeiam.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The executable jar as an operator runs it: command line, exit codes, log lines, SIGTERM.
 * Each test starts {@code java -jar runtime/target/edgeiam.jar} as its own process.
 */
public class RuntimeJarTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void badValueInConfigStopsStartupNamingFileAndKey() throws Exception {
        Path config = givenConfig("\"maxDMIPS\": \"fast\"", "\"plugin\": \"none\"");
        Result r = run(20, "-c", config.toString());
        assertEquals(r.output, 2, r.exitCode);
        assertTrue(r.output, r.output.contains(config + ": nodeInfo.maxDMIPS: expected a number, found \"fast\""));
    }

    @Test
    public void unknownIdentifierPluginStopsStartup() throws Exception {
        Path config = givenConfig("\"maxDMIPS\": 1", "\"plugin\": \"tpmidentifier\"");
        Result r = run(20, "-c", config.toString(), "-p");
        assertEquals(r.output, 2, r.exitCode);
        assertTrue(r.output, r.output.contains("identifier.plugin: unknown identifier plugin 'tpmidentifier'"));
    }

    @Test
    public void malformedJsonStopsStartup() throws Exception {
        Path config = tmp.getRoot().toPath().resolve("broken.cfg");
        Files.writeString(config, "{ \"workingDir\": ");
        Result r = run(20, "-c", config.toString());
        assertEquals(r.output, 2, r.exitCode);
        assertTrue(r.output, r.output.contains(config + ": not valid JSON"));
    }

    @Test
    public void missingConfigFileStopsStartup() throws Exception {
        Result r = run(20, "-c", tmp.getRoot().toPath().resolve("nope.cfg").toString());
        assertEquals(r.output, 2, r.exitCode);
        assertTrue(r.output, r.output.contains("nope.cfg: configuration file not found"));
    }

    @Test
    public void unknownOptionPrintsUsage() throws Exception {
        Result r = run(20, "--frobnicate");
        assertEquals(r.output, 2, r.exitCode);
        assertTrue(r.output, r.output.contains("unknown option '--frobnicate'"));
        assertTrue(r.output, r.output.contains("usage: java -jar edgeiam.jar"));
    }

    @Test
    public void helpPrintsUsageAndExitsZero() throws Exception {
        Result r = run(20, "-h");
        assertEquals(r.output, 0, r.exitCode);
        assertTrue(r.output, r.output.contains("-p, --provisioning"));
    }

    @Test
    public void sigtermStopsServersAndDatabaseCleanly() throws Exception {
        Path config = givenConfig("\"maxDMIPS\": 1", "\"plugin\": \"none\"");
        Process p = start("-c", config.toString(), "-p", "-v", "debug");
        Path log = tmp.getRoot().toPath().resolve("runtime.log");
        awaitLine(p, log, "…done: SQLite storage");
        p.destroy(); // SIGTERM
        assertTrue("runtime did not exit within 20 s of SIGTERM", p.waitFor(20, TimeUnit.SECONDS));
        String out = Files.readString(log);
        assertTrue(out, out.contains("gRPC servers stopped"));
        assertTrue(out, out.contains("iamanager.db closed"));
        assertTrue(out, !out.contains("ERROR"));
        assertTrue("-v debug had no effect:\n" + out, out.contains(" DEBUG "));
    }

    @Test
    public void gogoShellOnATerminalOnlyAndQuietAsDaemon() throws Exception {
        Path config = givenConfig("\"maxDMIPS\": 1", "\"plugin\": \"none\"");
        Path log = tmp.getRoot().toPath().resolve("runtime.log");
        // as a daemon: stdin is /dev/null, no shell, no prompt
        Process daemon = start("-c", config.toString(), "-p");
        String out = awaitLine(daemon, log, "protected gRPC server listening on");
        daemon.destroy();
        assertTrue(daemon.waitFor(20, TimeUnit.SECONDS));
        assertTrue(out, !Files.readString(log).contains("g!"));
        // on a terminal (script(1) gives it a pseudo-terminal): the shell answers a command
        Path typescript = tmp.getRoot().toPath().resolve("typescript");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process terminal = new ProcessBuilder("script", "-qfec", java + " -jar " + System.getProperty("edgeiam.runtime.jar")
                + " -p -c " + config, typescript.toString()).directory(tmp.getRoot())
                .redirectErrorStream(true).redirectOutput(tmp.getRoot().toPath().resolve("script.out").toFile()).start();
        awaitLine(terminal, typescript, "g!");
        terminal.getOutputStream().write("iam:node\n".getBytes(StandardCharsets.UTF_8));
        terminal.getOutputStream().flush();
        String shown = awaitLine(terminal, typescript, "node ID      jar-test-node");
        terminal.getOutputStream().write("exit 0\n".getBytes(StandardCharsets.UTF_8));
        terminal.getOutputStream().flush();
        assertTrue("leaving the shell did not stop the runtime:\n" + shown, terminal.waitFor(20, TimeUnit.SECONDS));
        assertTrue(shown, shown.contains("node ID      jar-test-node"));
    }

    @Test
    public void commandSocketRunsGogoCommandsInTheRunningDaemon() throws Exception {
        Path config = givenConfig("\"maxDMIPS\": 1", "\"plugin\": \"none\"");
        Process daemon = start("-c", config.toString(), "-p");
        Path log = tmp.getRoot().toPath().resolve("runtime.log");
        try {
            awaitLine(daemon, log, "Gogo commands accepted on");
            Path socket = tmp.getRoot().toPath().resolve("var/run/gogo.sock");
            assertEquals("only the runtime's user may connect", "rwx------", java.nio.file.attribute.PosixFilePermissions
                    .toString(Files.getPosixFilePermissions(socket.getParent())));
            String node = command(socket, "iam:node");
            assertTrue(node, node.contains("node ID      jar-test-node"));
            String unknown = command(socket, "iam:frobnicate");
            assertTrue(unknown, unknown.startsWith("ERROR: ") && unknown.contains("iam:frobnicate"));
        } finally {
            daemon.destroy();
            assertTrue(daemon.waitFor(20, TimeUnit.SECONDS));
        }
        assertTrue("the socket is removed at stop", !Files.exists(tmp.getRoot().toPath().resolve("var/run/gogo.sock")));
    }

    private static String command(Path socket, String line) throws IOException {
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(socket))) {
            ch.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            return new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    public void databaseThatIsNotSqliteIsLeftAloneAndNamed() throws Exception {
        Path config = givenConfig("\"maxDMIPS\": 1", "\"plugin\": \"none\"");
        Path db = tmp.getRoot().toPath().resolve("work/iamanager.db");
        Files.createDirectories(db.getParent());
        byte[] junk = "this is not a database, but it is somebody's file\n".getBytes(StandardCharsets.UTF_8);
        Files.write(db, junk);
        Process p = start("-c", config.toString(), "-p");
        Path log = tmp.getRoot().toPath().resolve("runtime.log");
        String out = awaitLine(p, log, "is not an SQLite database");
        p.destroy();
        p.waitFor(20, TimeUnit.SECONDS);
        assertTrue(out, out.contains(db.toString()));
        assertArrayEquals(junk, Files.readAllBytes(db));
    }

    private Path givenConfig(String nodeInfoExtra, String identifier) throws IOException {
        Path dir = tmp.getRoot().toPath();
        Files.writeString(dir.resolve("node-id"), "jar-test-node\n");
        Path config = dir.resolve("iam.cfg");
        Files.writeString(config, """
                {"iamPublicServerURL": "127.0.0.1:%d", "iamProtectedServerURL": "127.0.0.1:%d",
                 "workingDir": "%s", "identifier": {%s},
                 "nodeInfo": {"nodeIDPath": "%s", "provisioningStatePath": "%s", %s}}
                """.formatted(freePort(), freePort(), dir.resolve("work"), identifier, dir.resolve("node-id"),
                dir.resolve("work/.provisionstate"), nodeInfoExtra));
        return config;
    }

    private Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("edgeiam.runtime.jar")));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(tmp.getRoot()).redirectErrorStream(true)
                .redirectOutput(tmp.getRoot().toPath().resolve("runtime.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    private Result run(int timeoutSeconds, String... args) throws Exception {
        Process p = start(args);
        boolean exited = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        String out = Files.readString(tmp.getRoot().toPath().resolve("runtime.log"));
        if (!exited) {
            p.destroyForcibly();
            throw new AssertionError("runtime did not exit within " + timeoutSeconds + " s:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    private static String awaitLine(Process p, Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String out = Files.exists(log) ? Files.readString(log) : "";
            if (out.contains(text)) {
                return out;
            }
            if (!p.isAlive()) {
                throw new AssertionError("runtime exited with " + p.exitValue() + " before logging '" + text + "':\n" + out);
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("no '" + text + "' within 30 s:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        return TestPorts.free();
    }

    private static final class Result {
        final int exitCode;
        final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }
}
