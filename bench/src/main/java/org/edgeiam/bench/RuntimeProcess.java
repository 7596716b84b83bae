package org.edgeiam.bench;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * The runtime jar started as its own process in provisioning mode (plaintext gRPC) with a
 * configuration written for the benchmark, and plaintext channels to its servers. JVM options for
 * the runtime come from the environment variable {@code EDGEIAM_JAVA_OPTS}; with
 * {@code EDGEIAM_LAUNCHER} naming the distribution's {@code bin/edgeiam}, that starts it instead.
 */
final class RuntimeProcess implements AutoCloseable {
    final Path dir;
    final int publicPort;
    final int protectedPort;
    private final Process process;

    /**
     * @param jar the runtime jar
     * @param dir working directory
     * @param extraJson more top-level configuration members (a JSON fragment starting with a
     *        comma), or empty
     */
    RuntimeProcess(Path jar, Path dir, String extraJson) throws Exception {
        this(jar, dir, "\"attrs\": {\"MainNode\": \"\"}", extraJson);
    }

    /**
     * @param jar the runtime jar
     * @param dir working directory, also the node's ID
     * @param nodeInfoJson more members of {@code nodeInfo} (the main node has a {@code MainNode}
     *        attribute)
     * @param extraJson more top-level configuration members (a JSON fragment starting with a
     *        comma), or empty
     */
    RuntimeProcess(Path jar, Path dir, String nodeInfoJson, String extraJson) throws Exception {
        this.dir = dir;
        Files.writeString(dir.resolve("node-id"), dir.getFileName() + "\n");
        this.publicPort = freePort();
        this.protectedPort = freePort();
        Files.writeString(dir.resolve("iam.cfg"), """
                {"iamPublicServerURL": "127.0.0.1:%d", "iamProtectedServerURL": "127.0.0.1:%d",
                 "workingDir": "%s", "identifier": {"plugin": "none"},
                 "nodeInfo": {"nodeIDPath": "%s", "provisioningStatePath": "%s", %s}%s}
                """.formatted(publicPort, protectedPort, dir.resolve("work"), dir.resolve("node-id"),
                dir.resolve("work/.provisionstate"), nodeInfoJson, extraJson));
        java.util.List<String> cmd = command(jar, "-p", "-c", dir.resolve("iam.cfg").toString());
        this.process = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("runtime.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    /**
     * The command that starts the runtime: the distribution's {@code bin/edgeiam} when
     * {@code EDGEIAM_LAUNCHER} names it (it reads {@code EDGEIAM_JAVA_OPTS} itself), else
     * {@code java [EDGEIAM_JAVA_OPTS] -jar JAR}; then the runtime's arguments.
     */
    static java.util.List<String> command(Path jar, String... args) {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        String launcher = launcher();
        if (launcher != null) {
            cmd.add(launcher);
        } else {
            cmd.addAll(java(System.getenv().getOrDefault("EDGEIAM_JAVA_OPTS", "")));
            cmd.addAll(java.util.List.of("-jar", jar.toAbsolutePath().toString()));
        }
        cmd.addAll(java.util.List.of(args));
        return cmd;
    }

    /** @return this JVM's {@code java} followed by the options (words separated by spaces) */
    static java.util.List<String> java(String options) {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!options.isBlank()) {
            cmd.addAll(java.util.List.of(options.strip().split("\\s+")));
        }
        return cmd;
    }

    /** @return the distribution's {@code bin/edgeiam} when {@code EDGEIAM_LAUNCHER} names it, else null */
    static String launcher() {
        String launcher = System.getenv().getOrDefault("EDGEIAM_LAUNCHER", "").strip();
        return launcher.isEmpty() ? null : launcher;
    }

    /** @return the runtime's process ID */
    long pid() {
        return process.pid();
    }

    ManagedChannel publicChannel() {
        return channel(publicPort);
    }

    ManagedChannel protectedChannel() {
        return channel(protectedPort);
    }

    private static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).usePlaintext().build();
    }

    /** Retries a call until it succeeds, for 30 s at most. */
    void waitFor(Runnable call) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                call.run();
                return;
            } catch (RuntimeException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("runtime not ready, see " + dir.resolve("runtime.log"), e);
                }
                Thread.sleep(20);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(15, TimeUnit.SECONDS);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
