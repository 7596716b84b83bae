package org.edgeiam.currentnode.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.edgeiam.api.node.PartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.edgeiam.testutil.LogCapture;

/** Partition sizes and their one-second cache, driven by a hand-moved clock. */
class PartitionSizesTest {
    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(42);

    @Test
    void sizesAreCachedForAtMostOneSecond() throws Exception {
        Path mount = this.dir.resolve("later");
        PartitionSizes sizes = new PartitionSizes(
                List.of(new ConfigArrays.Partition("later", mount.toString(), List.of("generic"))),
                this.clock::get);
        List<PartitionInfo> first;
        try (LogCapture log = new LogCapture(PartitionSizes.class)) {
            first = sizes.current();
            assertTrue(log.warned(mount.toString()), "unreadable size is a warning");
        }
        assertEquals(0, first.get(0).totalSize());
        Files.createDirectory(mount);

        this.clock.addAndGet(PartitionSizes.MAX_AGE_NANOS - 1);
        assertSame(first, sizes.current(), "still cached");

        this.clock.incrementAndGet();
        List<PartitionInfo> refreshed = sizes.current();
        assertTrue(refreshed.get(0).totalSize() > 0, "size read after the cache expired");
        assertEquals(List.of("generic"), refreshed.get(0).types());
    }
}
