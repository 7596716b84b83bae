package org.edgeiam.api.node;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives node information whenever it changes.
 *
 * @since 1.0
 */
@ConsumerType
@FunctionalInterface
public interface NodeInfoListener {
    /**
     * Called, in order, with the new information after every change. Must return quickly.
     *
     * @param info the node information after the change
     */
    void nodeInfoChanged(NodeInfo info);
}
