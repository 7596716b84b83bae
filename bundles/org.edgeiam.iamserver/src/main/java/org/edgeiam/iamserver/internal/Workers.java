package org.edgeiam.iamserver.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run the calls that may block (key generation, certificates, provisioning,
 * forwarding, registrations, identifiers) and every call until the runtime is ready, instead of
 * gRPC's unbounded cached pool: a fixed number of named daemon threads (idle ones end after a
 * minute) and a bounded queue. Calls answered from memory run on the network thread that read
 * them (see {@link IamServers}). Together with the per-connection call limit this bounds what one
 * client can make the runtime hold; a full queue refuses the new call (the client sees it reset).
 */
final class Workers {
    /** Calls that may wait for a thread. */
    static final int QUEUE = 4096;

    private Workers() {
    }

    static ThreadPoolExecutor pool(int threads) {
        return pool(threads, "edgeiam-grpc-");
    }

    static ThreadPoolExecutor pool(int threads, String prefix) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Worker(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(QUEUE), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** @return whether the current thread is one of the workers (it may wait; a network thread may not) */
    static boolean onWorker() {
        return Thread.currentThread() instanceof Worker;
    }

    /** A worker thread, told apart from Netty's network threads by its class. */
    private static final class Worker extends Thread {
        Worker(Runnable r, String name) {
            super(r, name);
        }
    }
}
