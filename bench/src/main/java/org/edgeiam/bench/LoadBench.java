package org.edgeiam.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.grpc.ManagedChannel;

/**
 * The combined gRPC load run: one runtime process, five RPCs (see {@link LoadRpcs}), each measured
 * closed loop (requests/s with IN_FLIGHT async calls on one channel) and open loop (p50/p99 at a
 * fixed rate, from each call's due time). The echo is GetAPIVersion on the same public server, a
 * handler that does nothing: the bare gRPC cost the others are compared with. Phases alternate in
 * rounds (every RPC closed loop, then every RPC open loop, ROUNDS times; the order turns by one
 * each round, so no RPC always comes right after CreateKey) so that drift of the machine hits
 * all RPCs alike; a warm-up round goes first and sets the open-loop rate of the slow
 * one, CreateKey, to min(RATE, half its closed-loop rate). Usage: LoadBench JAR [SECONDS] [RATE] [IN_FLIGHT] [ROUNDS]
 */
public final class LoadBench {
    private LoadBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        int seconds = arg(args, 1, 5);
        int rate = arg(args, 2, 5000);
        int inFlight = arg(args, 3, 32);
        int rounds = arg(args, 4, 3);
        Path dir = Files.createTempDirectory("edgeiam-bench-load");
        try (RuntimeProcess runtime = new RuntimeProcess(jar, dir, LoadRpcs.prepare(dir))) {
            ManagedChannel pub = runtime.publicChannel();
            ManagedChannel prot = runtime.protectedChannel();
            List<LoadRpcs.Rpc> rpcs = LoadRpcs.start(runtime, pub, prot);
            System.out.printf("%d s per phase, %d rounds, closed loop with %d in flight, open loop at %d req/s%n",
                    seconds, rounds, inFlight, rate);
            System.out.println("echo = GetAPIVersion on the same public server: a handler that does nothing");
            int n = rpcs.size();
            int[] rates = new int[n];
            for (int i = 0; i < n; i++) {
                GrpcLoad.Result warm = GrpcLoad.run(rpcs.get(i).call(), inFlight, seconds);
                rates[i] = rpcs.get(i).slow() ? Math.max(1, Math.min(rate, (int) (warm.perSecond() / 2))) : rate;
                System.out.printf("warm-up  %-22s %s%n", rpcs.get(i).name(), warm);
            }
            List<List<GrpcLoad.Result>> closed = lists(n);
            List<List<GrpcLoad.Result>> open = lists(n);
            for (int r = 1; r <= rounds; r++) {
                for (int k = 0; k < n; k++) {
                    int i = (k + r - 1) % n;
                    closed.get(i).add(GrpcLoad.run(rpcs.get(i).call(), inFlight, seconds));
                    System.out.printf("round %d  %-22s closed %s%n", r, rpcs.get(i).name(), last(closed.get(i)));
                }
                for (int k = 0; k < n; k++) {
                    int i = (k + r - 1) % n;
                    open.get(i).add(GrpcLoad.openLoop(rpcs.get(i).call(), rates[i], seconds));
                    System.out.printf("round %d  %-22s open at %d/s %s%n", r, rpcs.get(i).name(), rates[i],
                            last(open.get(i)));
                }
            }
            LoadTable.print(rpcs, rates, closed, open);
            pub.shutdownNow();
            prot.shutdownNow();
        }
    }

    private static int arg(String[] args, int index, int otherwise) {
        return args.length > index ? Integer.parseInt(args[index]) : otherwise;
    }

    private static List<List<GrpcLoad.Result>> lists(int n) {
        List<List<GrpcLoad.Result>> lists = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    private static GrpcLoad.Result last(List<GrpcLoad.Result> results) {
        return results.get(results.size() - 1);
    }
}
