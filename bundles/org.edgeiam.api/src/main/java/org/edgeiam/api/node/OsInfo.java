package org.edgeiam.api.node;

import java.util.List;
import java.util.Objects;

/**
 * Operating system of a node.
 *
 * @param os OS name, e.g. {@code linux}
 * @param version OS version, may be empty
 * @param features OS features, may be empty
 * @since 1.0
 */
public record OsInfo(String os, String version, List<String> features) {
    /** Canonical constructor: copies the features; nothing may be {@code null}. */
    public OsInfo {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(version, "version");
        features = List.copyOf(features);
    }
}
