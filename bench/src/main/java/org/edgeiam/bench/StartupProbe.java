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
 * process, waits with plain TCP connects (every 5 ms) until its public server listens, then calls
 * GetAPIVersion every 2 ms until it answers, and reports the time from process
 * start to the first answer and the process RSS 3 s later; then stops it with SIGTERM and checks
 * that it exits cleanly. Each run starts once in a new working directory (the framework cache
 * is filled from the jar) and once more in the same one (a restart: the cache is kept).
 * With {@code EDGEIAM_LAUNCHER} set to the distribution's {@code bin/edgeiam}, that is started
 * instead of {@code java -jar}: its first start writes the class-data archive when it is stopped,
 * the restart uses it.
 * Usage: StartupProbe JAR CONFIG_TEMPLATE RUNS
 */
public final class StartupProbe {
    private StartupProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        String template = Files.readString(Path.of(args[1]));
        int runs = Integer.parseInt(args[2]);
        List<Long> firstMs = new ArrayList<>();
        List<Long> firstRss = new ArrayList<>();
        List<Long> restartMs = new ArrayList<>();
        List<Long> restartRss = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Path dir = Files.createTempDirectory("edgeiam-startup");
            int port = freePort();
            Path config = dir.resolve("iam.cfg");
            Files.writeString(config, configFor(template, dir, port, freePort()));
            long[] first = once(jar, config, dir, port);
            // the first start wrote ~60 MB of framework cache: let it reach the disk first, as on a
            // gateway that restarts long after its installation
            new ProcessBuilder("sync").inheritIO().start().waitFor();
            Thread.sleep(1000);
            long[] again = once(jar, config, dir, port);
            firstMs.add(first[0]);
            firstRss.add(first[1]);
            restartMs.add(again[0]);
            restartRss.add(again[1]);
            System.out.printf("run %d: first start %d ms (RSS %d MB), restart %d ms (RSS %d MB)%n", i + 1, first[0],
                    first[1] / 1024, again[0], again[1] / 1024);
        }
        System.out.printf("median of %d: first start (new working dir) to first GetAPIVersion %d ms, RSS %d MB%n", runs,
                median(firstMs), median(firstRss) / 1024);
        System.out.printf("median of %d: restart (framework cache kept) to first GetAPIVersion %d ms, RSS %d MB%n", runs,
                median(restartMs), median(restartRss) / 1024);
    }

    /**
     * A bench template names its ports and folder {@code @PUBLIC@}, {@code @PROTECTED@} and
     * {@code @DIR@}; any other configuration (the runtime's default, {@code configs/main-node.cfg})
     * gets its two server addresses replaced and finds its relative paths in {@code dir}, where
     * {@code configs/identity} is copied.
     */
    private static String configFor(String template, Path dir, int publicPort, int protectedPort) throws IOException {
        if (template.contains("@PUBLIC@")) {
            return template.replace("@PUBLIC@", "127.0.0.1:" + publicPort)
                    .replace("@PROTECTED@", "127.0.0.1:" + protectedPort).replace("@DIR@", dir.toString());
        }
        Path identity = Path.of("configs", "identity");
        if (Files.isDirectory(identity)) {
            Path target = Files.createDirectories(dir.resolve(identity));
            try (var files = Files.list(identity)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, target.resolve(f.getFileName()));
                }
            }
        }
        return template.replaceAll("(\"iamPublicServerURL\"\\s*:\\s*)\"[^\"]*\"", "$1\"127.0.0.1:" + publicPort + "\"")
                .replaceAll("(\"iamProtectedServerURL\"\\s*:\\s*)\"[^\"]*\"", "$1\"127.0.0.1:" + protectedPort + "\"");
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static long[] once(Path jar, Path config, Path dir, int port) throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .usePlaintext().build();
        long t0 = System.nanoTime();
        java.util.List<String> cmd = RuntimeProcess.command(jar, "-p", "-c", config.toString());
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("runtime.log").toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        long elapsedMs = -1;
        try {
            awaitListening(p, port, dir);
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

    /**
     * Waits with plain TCP connects (cheap, unlike gRPC connection attempts) until the server
     * listens, so that the probe takes as little CPU as it can from the starting runtime.
     */
    private static void awaitListening(Process p, int port, Path dir) throws InterruptedException {
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("runtime exited with " + p.exitValue() + ", see " + dir.resolve("runtime.log"));
            }
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return;
            } catch (IOException notYet) {
                Thread.sleep(5);
            }
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
