package org.edgeiam.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The summary of a {@link LoadBench} run: per RPC the median over the rounds of closed-loop
 * requests/s, of its ratio to the echo's (the first RPC) in the same round, and of the open-loop
 * p50/p99, next to the targets (GetCert and GetPermissions at least 0.9 of the echo's
 * requests/s). The median keeps one disturbed round from moving a figure, and pairing each
 * round's figures keeps the machine's drift between rounds out of the ratio.
 */
final class LoadTable {
    /** The target for GetCert and GetPermissions, as a fraction of the echo's requests/s. */
    static final double TARGET = 0.9;

    private LoadTable() {
    }

    static void print(List<LoadRpcs.Rpc> rpcs, int[] rates, List<List<GrpcLoad.Result>> closed,
            List<List<GrpcLoad.Result>> open) {
        System.out.printf("%nmedian of %d rounds%n", closed.get(0).size());
        System.out.printf("%-22s %10s %8s   %-22s %9s %9s   %s%n", "RPC", "req/s", "/ echo", "open loop at",
                "p50 ms", "p99 ms", "target");
        for (int i = 0; i < rpcs.size(); i++) {
            String name = rpcs.get(i).name();
            double perSecond = median(closed.get(i), GrpcLoad.Result::perSecond);
            double ratio = pairedRatio(closed.get(i), closed.get(0));
            String target = "";
            if (rpcs.get(i).targeted()) {
                target = String.format("≥ %.2f × echo: %s", TARGET, ratio >= TARGET ? "met" : "MISSED");
            }
            long errors = closed.get(i).stream().mapToLong(GrpcLoad.Result::errors).sum()
                    + open.get(i).stream().mapToLong(GrpcLoad.Result::errors).sum();
            if (errors > 0) {
                target += "  (" + errors + " failed calls)";
            }
            if (perSecond < rates[i]) {
                target += "  (open-loop rate above its closed-loop rate: p50/p99 include queueing)";
            }
            System.out.printf("%-22s %10.0f %8.2f   %-22s %9.2f %9.2f   %s%n", name, perSecond, ratio,
                    rates[i] + " req/s", median(open.get(i), GrpcLoad.Result::p50Ms),
                    median(open.get(i), GrpcLoad.Result::p99Ms), target.strip());
        }
    }

    /** @return the median over the rounds of the RPC's requests/s divided by the echo's in that round */
    private static double pairedRatio(List<GrpcLoad.Result> rpc, List<GrpcLoad.Result> echo) {
        double[] ratios = new double[rpc.size()];
        for (int r = 0; r < ratios.length; r++) {
            ratios[r] = rpc.get(r).perSecond() / echo.get(r).perSecond();
        }
        return median(ratios);
    }

    private static double median(List<GrpcLoad.Result> results, ToDoubleFunction<GrpcLoad.Result> figure) {
        return median(results.stream().mapToDouble(figure).toArray());
    }

    private static double median(double[] unsorted) {
        double[] values = unsorted.clone();
        Arrays.sort(values);
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
