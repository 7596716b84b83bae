package org.edgeiam.api.node;

import java.util.List;
import java.util.Objects;

/**
 * A disk partition of a node.
 *
 * @param name partition name, e.g. {@code storages}
 * @param types usage types, e.g. {@code generic}, {@code storages}, {@code services}
 * @param path mount point
 * @param totalSize size in bytes, 0 if it could not be read
 * @since 1.0
 */
public record PartitionInfo(String name, List<String> types, String path, long totalSize) {
    /** Canonical constructor: copies the types; nothing may be {@code null}. */
    public PartitionInfo {
        Objects.requireNonNull(name, "name");
        types = List.copyOf(types);
        Objects.requireNonNull(path, "path");
    }
}
