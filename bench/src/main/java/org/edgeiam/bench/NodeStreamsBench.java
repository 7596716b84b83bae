package org.edgeiam.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgeiam.grpc.iamanager.v6.CreateKeyRequest;
import org.edgeiam.grpc.iamanager.v6.IAMCertificateServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicNodesServiceGrpc;

import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;

/**
 * Main-node memory with many registered secondary streams, and the latency of CreateKey forwarded
 * over those streams. The runtime jar runs as the main node (its node limit raised through a
 * FileInstall configuration); {@link SimulatedSecondaries} register from this JVM and answer at
 * once, so the figures are the main node's own cost.
 */
public final class NodeStreamsBench {
    private NodeStreamsBench() {
    }

    /** @param args runtime jar, number of streams, seconds per latency phase */
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("edgeiam-nodes-bench");
        Files.createDirectories(dir.resolve("var/deploy"));
        Files.writeString(dir.resolve("var/deploy/org.edgeiam.nodemanager.cfg"), "max.nodes=" + (count + 16) + "\n");
        try (RuntimeProcess main = new RuntimeProcess(jar, dir, "")) {
            ManagedChannel pub = main.publicChannel();
            ManagedChannel prot = main.protectedChannel();
            IAMPublicNodesServiceGrpc.IAMPublicNodesServiceBlockingStub nodes = IAMPublicNodesServiceGrpc
                    .newBlockingStub(pub);
            main.waitFor(() -> nodes.withDeadlineAfter(1, TimeUnit.SECONDS).getAllNodeIDs(Empty.getDefaultInstance()));
            waitForLog(dir.resolve("runtime.log"), "at most " + (count + 16));
            long heapBefore = JvmProbe.heapAfterGcKiB(main.pid());
            long rssBefore = JvmProbe.rssKiB(main.pid());
            long t0 = System.nanoTime();
            try (SimulatedSecondaries secondaries = new SimulatedSecondaries(main.publicPort, count)) {
                main.waitFor(() -> {
                    int known = nodes.getAllNodeIDs(Empty.getDefaultInstance()).getIdsCount();
                    if (known < count + 1) {
                        throw new IllegalStateException(known + " nodes registered");
                    }
                });
                long registerMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                long heapAfter = JvmProbe.heapAfterGcKiB(main.pid());
                long rssAfter = JvmProbe.rssKiB(main.pid());
                System.out.printf("%d streams registered in %d ms%n", count, registerMs);
                System.out.printf("main heap after GC: %.1f MB -> %.1f MB  (+%.1f MB, %.1f KB per stream)%n",
                        heapBefore / 1024.0, heapAfter / 1024.0, (heapAfter - heapBefore) / 1024.0,
                        (heapAfter - heapBefore) / (double) count);
                System.out.printf("main RSS:           %.1f MB -> %.1f MB  (+%.1f MB)%n", rssBefore / 1024.0,
                        rssAfter / 1024.0, (rssAfter - rssBefore) / 1024.0);
                IAMCertificateServiceGrpc.IAMCertificateServiceStub certs = IAMCertificateServiceGrpc.newStub(prot);
                AtomicInteger next = new AtomicInteger();
                java.util.function.Consumer<io.grpc.stub.StreamObserver<Object>> createKey = o -> certs.createKey(
                        CreateKeyRequest.newBuilder().setNodeId(SimulatedSecondaries.nodeId(
                                Math.floorMod(next.getAndIncrement(), count))).setType("iam").setSubject("bench")
                                .build(), GetCertBench.cast(o));
                GrpcLoad.run(createKey, 1, 2);
                System.out.println("forwarded CreateKey, 1 in flight:   " + GrpcLoad.run(createKey, 1, seconds));
                System.out.println("forwarded CreateKey, 32 in flight:  " + GrpcLoad.run(createKey, 32, seconds));
            }
            pub.shutdownNow();
            prot.shutdownNow();
        }
    }

    private static void waitForLog(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!Files.readString(log).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("'" + text + "' not logged, see " + log);
            }
            Thread.sleep(100);
        }
    }
}
