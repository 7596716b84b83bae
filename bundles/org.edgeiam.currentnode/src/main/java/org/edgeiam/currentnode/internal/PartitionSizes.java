package org.edgeiam.currentnode.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.edgeiam.api.node.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured partitions with their total size from {@link java.nio.file.FileStore} (statfs).
 * Sizes are cached for at most {@link #MAX_AGE_NANOS} so that a hot caller of
 * {@code nodeInfo()} does not stat every mount point on each call, yet a partition mounted after
 * start is seen within a second. A size that cannot be read is 0 and logged: at warn the first
 * time, at debug on later refreshes.
 */
final class PartitionSizes {
    static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Logger LOG = LoggerFactory.getLogger(PartitionSizes.class);

    private final List<ConfigArrays.Partition> partitions;
    private final LongSupplier nanoClock;
    private List<PartitionInfo> cached;
    private long cachedAt;

    /**
     * @param partitions the configured partitions
     * @param nanoClock a monotonic clock in nanoseconds, normally {@code System::nanoTime}
     */
    PartitionSizes(List<ConfigArrays.Partition> partitions, LongSupplier nanoClock) {
        this.partitions = List.copyOf(partitions);
        this.nanoClock = nanoClock;
    }

    /** @return the partitions with sizes at most {@link #MAX_AGE_NANOS} old */
    synchronized List<PartitionInfo> current() {
        long now = this.nanoClock.getAsLong();
        if (this.cached == null || now - this.cachedAt >= MAX_AGE_NANOS) {
            boolean first = this.cached == null;
            this.cached = this.partitions.stream().map(p -> new PartitionInfo(p.name(), p.types(),
                    p.path(), totalSize(p, first))).toList();
            this.cachedAt = now;
        }
        return this.cached;
    }

    private static long totalSize(ConfigArrays.Partition partition, boolean warn) {
        try {
            return Files.getFileStore(Path.of(partition.path())).getTotalSpace();
        } catch (IOException | RuntimeException e) {
            String msg = "Cannot read the size of partition {} at {} ({}). Using 0.";
            if (warn) {
                LOG.warn(msg, partition.name(), partition.path(), e.toString());
            } else {
                LOG.debug(msg, partition.name(), partition.path(), e.toString());
            }
            return 0;
        }
    }
}
