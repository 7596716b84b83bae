package org.edgeiam.api.node;

import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.osgi.annotation.versioning.ProviderType;

/**
 * This node: its live {@link NodeInfo} and its provisioning state.
 *
 * @since 1.0
 */
@ProviderType
public interface CurrentNode {
    /**
     * @return the current information of this node, read live (state, partition sizes)
     */
    NodeInfo nodeInfo();

    /**
     * Sets the provisioning state and persists it in the state file ({@code unprovisioned}
     * removes the file). Listeners are told only when the state really changes.
     *
     * @param state the new state
     * @throws IamException {@code RUNTIME} if the state file cannot be written; the state then
     *         stays as it was
     */
    void setState(NodeState state) throws IamException;

    /**
     * Subscribes to changes of this node's information.
     *
     * @param listener called after each change
     * @return the handle that ends the subscription
     */
    Subscription subscribe(NodeInfoListener listener);
}
