package org.edgeiam.itests;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

/**
 * One EdgeIAM runtime ({@code java -jar edgeiam.jar}, or the distribution's {@code bin/edgeiam})
 * as its own process with its own working
 * directory, configuration file and log, on fixed loopback ports, so that it can be killed and
 * started again as the same node.
 */
final class RuntimeNode implements AutoCloseable {
    final Path dir;
    final Path config;
    final Path log;
    final int publicPort;
    final int protectedPort;
    /** More command-line arguments for every start, e.g. {@code -v trace}. */
    final List<String> arguments = new ArrayList<>();
    /** The java binary that runs the jar: the test's own JVM unless a test sets another. */
    Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
    /**
     * The distribution's {@code bin/edgeiam} to start the runtime with, or null for
     * {@code java -jar edgeiam.jar}; it runs on {@link #javaBinary}'s JDK ({@code JAVA_HOME}).
     */
    Path launcher;
    /** More environment variables for every start, e.g. {@code SOFTHSM2_CONF}. */
    final java.util.Map<String, String> environment = new java.util.HashMap<>();
    private Process process;
    private int starts;

    /**
     * @param dir the node's directory (working dir, config, logs)
     * @param json the configuration, with {@code %PUBLIC%}, {@code %PROTECTED%} and {@code %DIR%}
     *        replaced by the ports and the directory
     */
    RuntimeNode(Path dir, String json) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.publicPort = freePort();
        this.protectedPort = freePort();
        this.config = dir.resolve("iam.cfg");
        this.log = dir.resolve("runtime.log");
        Files.writeString(config, json.replace("%PUBLIC%", Integer.toString(publicPort))
                .replace("%PROTECTED%", Integer.toString(protectedPort)).replace("%DIR%", dir.toString()));
    }

    /** Starts the runtime; each start logs to its own file, {@link #log} names the latest. */
    RuntimeNode start(boolean provisioningMode) throws IOException {
        List<String> cmd = launcher != null ? new ArrayList<>(List.of(launcher.toString(), "-c", config.toString()))
                : new ArrayList<>(List.of(javaBinary.toString(), "-jar", System.getProperty("edgeiam.runtime.jar"),
                        "-c", config.toString()));
        if (provisioningMode) {
            cmd.add("-p");
        }
        cmd.addAll(arguments);
        Path out = dir.resolve("runtime-" + (++starts) + ".log");
        Files.deleteIfExists(log);
        Files.createSymbolicLink(log, out.getFileName());
        ProcessBuilder builder = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (launcher != null) {
            builder.environment().put("JAVA_HOME", javaBinary.getParent().getParent().toString());
        }
        builder.environment().putAll(environment);
        process = builder.start();
        return this;
    }

    /** @return the process ID of the latest start */
    long pid() {
        return process.pid();
    }

    /** SIGKILL: no clean-up of any kind. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the process stays, but does nothing (as a hung node). */
    void freeze() throws Exception {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    void thaw() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGTERM, waiting for the exit. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("runtime in " + dir + " did not stop within 20 s of SIGTERM");
        }
    }

    /** @return the log of the latest start once it contains the text (30 s at most) */
    String awaitLog(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String out = Files.exists(log) ? Files.readString(log) : "";
            if (out.contains(text)) {
                return out;
            }
            if (!process.isAlive()) {
                throw new AssertionError("runtime in " + dir + " exited with " + process.exitValue()
                        + " before logging '" + text + "':\n" + out);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' within 30 s in " + log + ":\n" + out);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Reads the node's database ({@code work/iamanager.db}) with its own connection, as another
     * process would (the runtime may be running, stopped or killed).
     *
     * @return the first column of every row of the query
     */
    List<String> query(String sql) throws java.sql.SQLException {
        List<String> out = new ArrayList<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("work/iamanager.db"));
                java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** @return what {@code PRAGMA integrity_check} says of the node's database ("ok" if sound) */
    String integrity() throws java.sql.SQLException {
        return String.join("\n", query("PRAGMA integrity_check"));
    }

    /**
     * Runs a Gogo command through the runtime's command socket ({@code var/run/gogo.sock}, waited
     * for up to 10 s).
     *
     * @return what the command printed
     */
    String command(String line) throws Exception {
        Path socket = dir.resolve("var/run/gogo.sock");
        for (int i = 0; i < 100 && !Files.exists(socket); i++) {
            Thread.sleep(100);
        }
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(socket))) {
            ch.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** @return whether the log of the latest start contains the text */
    boolean logged(String text) throws IOException {
        return Files.readString(log).contains(text);
    }

    ManagedChannel plaintext(int port) {
        return NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).usePlaintext().build();
    }

    /** @return a channel with the client certificate to the protected server in normal mode */
    ManagedChannel mutualTls(Path caCert, Path[] client) throws IOException {
        SslContext tls = GrpcSslContexts.forClient().trustManager(caCert.toFile())
                .keyManager(client[0].toFile(), client[1].toFile()).build();
        return NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", protectedPort))
                .overrideAuthority("localhost").sslContext(tls).build();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        return TestPorts.free();
    }
}
