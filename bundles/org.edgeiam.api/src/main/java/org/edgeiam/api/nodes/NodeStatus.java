package org.edgeiam.api.nodes;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.edgeiam.api.node.NodeInfo;

/**
 * A node of the unit with its connection state.
 *
 * @param info the node's latest information
 * @param connected whether its RegisterNode stream (or, for the main node, itself) is up
 * @param lastSeen when the node last sent something, if ever since start
 * @since 1.0
 */
public record NodeStatus(NodeInfo info, boolean connected, Optional<Instant> lastSeen) {
    /** Canonical constructor: nothing may be {@code null}. */
    public NodeStatus {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }
}
