package org.edgeiam.bench;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.grpc.stub.StreamObserver;

/**
 * A closed-loop gRPC load driver: keeps {@code inFlight} async calls outstanding for a duration
 * and reports requests/s and latency percentiles. One instance per measured RPC.
 */
final class GrpcLoad {
    /** Result of one phase. */
    record Result(double perSecond, double p50Ms, double p99Ms, double p999Ms, long errors) {
        @Override
        public String toString() {
            return String.format("%8.0f req/s  p50 %.2f ms  p99 %.2f ms%s", perSecond, p50Ms, p99Ms,
                    errors == 0 ? "" : "  errors " + errors);
        }
    }

    private GrpcLoad() {
    }

    /**
     * @param call starts one call, reporting to the observer it is given
     * @param inFlight outstanding calls
     * @param seconds duration
     */
    static Result run(Consumer<StreamObserver<Object>> call, int inFlight, int seconds) throws InterruptedException {
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong errors = new AtomicLong();
        long[] latencies = new long[4_000_000];
        AtomicLong count = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            slots.acquire();
            long t0 = System.nanoTime();
            call.accept(new StreamObserver<>() {
                @Override
                public void onNext(Object value) {
                }

                @Override
                public void onError(Throwable t) {
                    errors.incrementAndGet();
                    slots.release();
                }

                @Override
                public void onCompleted() {
                    long i = count.getAndIncrement();
                    if (i < latencies.length) {
                        latencies[(int) i] = System.nanoTime() - t0;
                    }
                    slots.release();
                }
            });
        }
        slots.acquire(inFlight);
        double elapsed = (System.nanoTime() - start) / 1e9;
        int n = (int) Math.min(count.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new Result(count.get() / elapsed, sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6,
                sorted[(int) (n * 0.999)] / 1e6, errors.get());
    }

    /**
     * Open loop: starts calls at a fixed rate, whatever the server does, and measures each one
     * from the moment it was due (not from when it could be sent), so a stall is counted for
     * every call it delays (no coordinated omission).
     *
     * @param call starts one call
     * @param perSecond target rate
     * @param seconds duration
     */
    static Result openLoop(Consumer<StreamObserver<Object>> call, int perSecond, int seconds) throws InterruptedException {
        int total = perSecond * seconds;
        long period = 1_000_000_000L / perSecond;
        long[] latencies = new long[total];
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(total);
        long start = System.nanoTime() + 10_000_000L;
        for (int i = 0; i < total; i++) {
            long due = start + i * period;
            long wait;
            // parked, not spinning: a spinning sender takes one of the machine's two cores from the
            // server it measures; a late wake-up counts against the call (measured from `due`)
            while ((wait = due - System.nanoTime()) > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            int index = i;
            call.accept(new StreamObserver<>() {
                @Override
                public void onNext(Object value) {
                }

                @Override
                public void onError(Throwable t) {
                    errors.incrementAndGet();
                    latencies[index] = System.nanoTime() - due;
                    done.countDown();
                }

                @Override
                public void onCompleted() {
                    latencies[index] = System.nanoTime() - due;
                    done.countDown();
                }
            });
        }
        done.await(60, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result(total / elapsed, sorted[total / 2] / 1e6, sorted[(int) (total * 0.99)] / 1e6,
                sorted[(int) (total * 0.999)] / 1e6, errors.get());
    }
}
