package org.edgeiam.iamserver.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run the calls of both servers, instead of gRPC's unbounded cached pool: a
 * fixed number of named daemon threads (idle ones end after a minute) and a bounded queue.
 * Together with the per-connection call limit this bounds what one client can make the
 * runtime hold; a full queue refuses the new call (the client sees it reset).
 */
final class Workers {
    /** Calls that may wait for a thread. */
    static final int QUEUE = 4096;

    private Workers() {
    }

    static ThreadPoolExecutor pool(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "edgeiam-grpc-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(QUEUE), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
