package org.edgeiam.api.nodes;

import java.util.List;

import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeInfoListener;
import org.edgeiam.api.node.NodeState;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Registry of the unit's nodes. Node information is persisted through the storage (nodes in
 * state {@code unprovisioned} are kept in memory only, and their stored row is removed); the
 * connection state is memory only. Listeners hear of every change that alters a node.
 *
 * @since 1.0
 */
@ProviderType
public interface NodeManager {

    /** @return the IDs of all known nodes, sorted */
    List<String> nodeIds();

    /**
     * @param nodeId a node ID
     * @return the node and its connection state
     * @throws IamException {@code NOT_FOUND} for an unknown node
     */
    NodeStatus node(String nodeId) throws IamException;

    /** @return every known node with its connection state, sorted by ID */
    List<NodeStatus> nodes();

    /**
     * Adds or updates a node (and marks it seen now). Listeners are told only if the information
     * or the connection state changed.
     *
     * @param info the node's information
     * @param connected whether it is connected
     * @throws IamException {@code UNAVAILABLE} if the storage is missing for a node that must be
     *         persisted, {@code RUNTIME} for a storage error; the registry is unchanged then
     */
    void setNodeInfo(NodeInfo info, boolean connected) throws IamException;

    /**
     * @param nodeId a known node
     * @param state its new state (persisted as for {@link #setNodeInfo})
     * @throws IamException {@code NOT_FOUND} for an unknown node, storage errors as above
     */
    void setNodeState(String nodeId, NodeState state) throws IamException;

    /**
     * @param nodeId a known node
     * @param connected its connection state (memory only)
     * @throws IamException {@code NOT_FOUND} for an unknown node
     */
    void setConnected(String nodeId, boolean connected) throws IamException;

    /**
     * @param listener told, in order, with the node's information after each change of any node
     * @return the handle that ends the subscription
     */
    Subscription subscribe(NodeInfoListener listener);
}
