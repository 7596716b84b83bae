package org.edgeiam.bench;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.edgeiam.grpc.iamanager.IAMVersionServiceGrpc;

import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;

/**
 * Serving cost side by side with a bare grpc-java server (issue 13): the {@link BareServer} and an
 * EdgeIAM runtime, both started by this driver with the same JVM options ({@code EDGEIAM_JAVA_OPTS},
 * default none: plain {@code java}), each RPC closed loop with IN_FLIGHT calls on one connection,
 * in ROUNDS rounds (the order turns each round). Per phase: requests/s and the server process's CPU
 * per call (utime + stime from {@code /proc/PID/stat}). Then a SOAK-second closed loop over the four
 * EdgeIAM RPCs and the runtime's RSS after it, and GetCert open loop at RATE/s (p50/p99/p999 from
 * each call's due time). Usage: ServingBench JAR [SECONDS] [IN_FLIGHT] [ROUNDS] [SOAK] [RATE]
 */
public final class ServingBench {
    private static final double TICK_US = 1_000_000.0 / 100; // USER_HZ on Linux

    private ServingBench() {
    }

    /** One measured target: a name, the process that serves it and how to start a call. */
    private record Target(String name, long pid, Consumer<StreamObserver<Object>> call) {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        int seconds = arg(args, 1, 5);
        int inFlight = arg(args, 2, 64);
        int rounds = arg(args, 3, 3);
        int soak = arg(args, 4, 60);
        int rate = arg(args, 5, 5000);
        Path dir = Files.createTempDirectory("edgeiam-bench-serving");
        int barePort = freePort();
        String extraJson = LoadRpcs.prepare(dir);
        if (RuntimeProcess.launcher() != null) {
            primeClassDataArchive(jar, dir, extraJson);
        }
        Process bare = startBare(dir, barePort);
        try (RuntimeProcess runtime = new RuntimeProcess(jar, dir, extraJson)) {
            ManagedChannel pub = runtime.publicChannel();
            ManagedChannel prot = runtime.protectedChannel();
            ManagedChannel bareChannel = NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1",
                    barePort)).usePlaintext().build();
            List<LoadRpcs.Rpc> rpcs = LoadRpcs.start(runtime, pub, prot);
            var bareStub = IAMVersionServiceGrpc.newStub(bareChannel);
            List<Target> targets = new ArrayList<>();
            targets.add(new Target("bare server GetAPIVersion", bare.pid(),
                    o -> bareStub.getAPIVersion(Empty.getDefaultInstance(), GetCertBench.cast(o))));
            for (LoadRpcs.Rpc rpc : rpcs) {
                if (!rpc.slow()) {
                    targets.add(new Target(rpc.name().replace("echo (GetAPIVersion)", "GetAPIVersion"),
                            runtime.pid(), rpc.call()));
                }
            }
            System.out.printf("%d s per phase, %d rounds, closed loop with %d in flight on one connection; JVM options"
                    + " of both servers: '%s'%s%n", seconds, rounds, inFlight, javaOptions(),
                    RuntimeProcess.launcher() == null ? "" : " (runtime started by " + RuntimeProcess.launcher()
                            + " with its class-data archive)");
            for (Target t : targets) {
                System.out.printf("warm-up  %-28s %s%n", t.name(), GrpcLoad.run(t.call(), inFlight, seconds));
            }
            int n = targets.size();
            double[][] rates = new double[n][rounds];
            double[][] cpu = new double[n][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < n; k++) {
                    int i = (k + r) % n;
                    Target t = targets.get(i);
                    long ticks = cpuTicks(t.pid());
                    GrpcLoad.Result result = GrpcLoad.run(t.call(), inFlight, seconds);
                    long used = cpuTicks(t.pid()) - ticks;
                    rates[i][r] = result.perSecond();
                    cpu[i][r] = used * TICK_US / (result.perSecond() * seconds);
                    System.out.printf("round %d  %-28s %s  server CPU %.1f us/call%n", r + 1, t.name(), result,
                            cpu[i][r]);
                }
            }
            double bareRate = median(rates[0]);
            System.out.printf("%n%-28s %10s %8s %14s%n", "median of " + rounds, "req/s", "x bare", "CPU us/call");
            for (int i = 0; i < n; i++) {
                System.out.printf("%-28s %10.0f %8.2f %14.1f%n", targets.get(i).name(), median(rates[i]),
                        median(rates[i]) / bareRate, median(cpu[i]));
            }
            long soakCalls = 0;
            int each = Math.max(1, soak / (n - 1)); // the soak is shared by the runtime's RPCs
            for (int i = 1; i < n; i++) {
                soakCalls += (long) (GrpcLoad.run(targets.get(i).call(), inFlight, each).perSecond() * each);
            }
            System.out.printf("%nafter a %d s closed loop (%d calls): runtime RSS %d MB, bare server RSS %d MB%n", soak,
                    soakCalls, JvmProbe.rssKiB(runtime.pid()) / 1024, JvmProbe.rssKiB(bare.pid()) / 1024);
            if (System.getenv("SERVING_NMT") != null) { // with -XX:NativeMemoryTracking=summary in the options
                Process jcmd = new ProcessBuilder("jcmd", Long.toString(runtime.pid()), "VM.native_memory", "summary")
                        .redirectErrorStream(true).start();
                String out = new String(jcmd.getInputStream().readAllBytes());
                jcmd.waitFor();
                out.lines().filter(l -> l.contains("committed=") && !l.startsWith("  ")).forEach(System.out::println);
                Files.writeString(dir.resolve("smaps.txt"), Files.readString(Path.of("/proc", Long.toString(runtime.pid()), "smaps")));
                System.out.println("smaps of the runtime: " + dir.resolve("smaps.txt"));
            }
            Target getCert = targets.stream().filter(t -> t.name().equals("GetCert")).findFirst().orElseThrow();
            GrpcLoad.openLoop(targets.get(0).call(), rate, seconds); // the driver's open loop warms up
            for (Target t : List.of(targets.get(0), getCert)) {
                GrpcLoad.Result open = GrpcLoad.openLoop(t.call(), rate, seconds);
                System.out.printf("%s open loop at %d/s: p50 %.2f ms, p99 %.2f ms, p999 %.2f ms%s%n", t.name(), rate,
                        open.p50Ms(), open.p99Ms(), open.p999Ms(), open.errors() == 0 ? "" : ", errors " + open.errors());
            }
            pub.shutdownNow();
            prot.shutdownNow();
            bareChannel.shutdownNow();
        } finally {
            bare.destroy();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * A gateway restarts with the class-data archive its first start wrote when it stopped: start
     * the distribution once in the same folder, let it answer, stop it.
     */
    private static void primeClassDataArchive(Path jar, Path dir, String extraJson) throws Exception {
        try (RuntimeProcess first = new RuntimeProcess(jar, dir, extraJson)) {
            ManagedChannel ch = first.publicChannel();
            IAMVersionServiceGrpc.newBlockingStub(ch).withWaitForReady()
                    .withDeadlineAfter(60, java.util.concurrent.TimeUnit.SECONDS).getAPIVersion(Empty.getDefaultInstance());
            ch.shutdownNow();
        }
        try (var files = Files.list(dir.resolve("var/cache"))) {
            if (files.noneMatch(f -> f.toString().endsWith(".jsa") || f.toString().endsWith(".aot"))) {
                System.out.println("warning: the distribution's first start left no class-data archive");
            }
        }
    }

    /** The JVM options of both servers: EDGEIAM_JAVA_OPTS, else those bin/edgeiam ships. */
    private static String javaOptions() throws Exception {
        String opts = System.getenv().getOrDefault("EDGEIAM_JAVA_OPTS", "").strip();
        if (opts.isEmpty() && RuntimeProcess.launcher() != null) {
            Process p = new ProcessBuilder(RuntimeProcess.launcher(), "--java-options").start();
            opts = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
        }
        return opts;
    }

    private static Process startBare(Path dir, int barePort) throws Exception {
        List<String> cmd = RuntimeProcess.java(javaOptions());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BareServer.class.getName(),
                Integer.toString(barePort)));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("bare.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    /** @return utime + stime of the process, in clock ticks */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static int arg(String[] args, int index, int otherwise) {
        return args.length > index ? Integer.parseInt(args[index]) : otherwise;
    }
}
