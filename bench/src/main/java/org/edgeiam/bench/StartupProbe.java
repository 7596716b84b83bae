package org.edgeiam.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.edgeiam.grpc.iamanager.IAMVersionServiceGrpc;

import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * Measures the runtime's cold start: starts {@code java -jar edgeiam.jar -p -c CONFIG} as a new
 * process, calls GetAPIVersion every 2 ms until it answers, and reports the time from process
 * start to the first answer and the process RSS 3 s later; then stops it with SIGTERM and checks
 * that it exits cleanly. Usage: StartupProbe JAR CONFIG_TEMPLATE RUNS
 */
public final class StartupProbe {
    private StartupProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        String template = Files.readString(Path.of(args[1]));
        int runs = Integer.parseInt(args[2]);
        List<Long> startMs = new ArrayList<>();
        List<Long> rssKb = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Path dir = Files.createTempDirectory("edgeiam-startup");
            int port = freePort();
            Path config = dir.resolve("iam.cfg");
            Files.writeString(config, template.replace("@PUBLIC@", "127.0.0.1:" + port)
                    .replace("@PROTECTED@", "127.0.0.1:" + freePort()).replace("@DIR@", dir.toString()));
            long[] r = once(jar, config, dir, port);
            startMs.add(r[0]);
            rssKb.add(r[1]);
            System.out.printf("run %d: first GetAPIVersion after %d ms, RSS %d MB%n", i + 1, r[0], r[1] / 1024);
        }
        Collections.sort(startMs);
        Collections.sort(rssKb);
        System.out.printf("median of %d: cold start to first GetAPIVersion %d ms, RSS %d MB%n", runs,
                startMs.get(runs / 2), rssKb.get(runs / 2) / 1024);
    }

    private static long[] once(Path jar, Path config, Path dir, int port) throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .usePlaintext().build();
        long t0 = System.nanoTime();
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(javaBin());
        String opts = System.getenv().getOrDefault("EDGEIAM_JAVA_OPTS", "").strip();
        if (!opts.isEmpty()) {
            cmd.addAll(java.util.List.of(opts.split("\\s+")));
        }
        cmd.addAll(java.util.List.of("-jar", jar.toString(), "-p", "-c", config.toString()));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("runtime.log").toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        long elapsedMs = -1;
        try {
            while (elapsedMs < 0) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("runtime exited with " + p.exitValue() + ", see " + dir.resolve("runtime.log"));
                }
                try {
                    IAMVersionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(200, TimeUnit.MILLISECONDS)
                            .getAPIVersion(Empty.getDefaultInstance());
                    elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                } catch (StatusRuntimeException e) {
                    // not listening yet: connect again at once, not after gRPC's reconnect back-off
                    // (1 s and more, which made earlier figures jump between ~1.1 and ~2.8 s)
                    channel.resetConnectBackoff();
                    Thread.sleep(2);
                }
            }
            Thread.sleep(3000);
            long rss = rssKb(p.pid());
            p.destroy(); // SIGTERM
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                throw new IllegalStateException("runtime did not stop within 15 s of SIGTERM");
            }
            String log = Files.readString(dir.resolve("runtime.log"));
            if (!log.contains("gRPC servers stopped")) {
                throw new IllegalStateException("runtime did not stop its servers on SIGTERM, see " + dir.resolve("runtime.log"));
            }
            return new long[] {elapsedMs, rss};
        } finally {
            p.destroyForcibly();
            channel.shutdownNow();
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
