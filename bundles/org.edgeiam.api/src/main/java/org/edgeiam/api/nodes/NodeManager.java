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

    /**
     * Forgets a node: its registration, stored row and key pins. Used to evict an unprovisioned
     * node whose stream ended, and by an operator for a node that left the unit.
     *
     * @param nodeId a known node
     * @throws IamException {@code NOT_FOUND} for an unknown node, {@code WRONG_STATE} for the main
     *         node itself, storage errors as above
     * @since 1.1
     */
    default void remove(String nodeId) throws IamException {
        throw new IamException(org.edgeiam.api.ErrorCode.NOT_SUPPORTED, "this node manager cannot remove nodes");
    }

    /**
     * Forgets a node if, at this moment, it is unprovisioned (checked and done under the
     * registry's lock, so a node whose provisioning just finished is kept). Its key pins stay: a
     * node whose stream dropped during provisioning comes back with the key applied to it.
     *
     * @param nodeId a node ID
     * @return whether the node was forgotten
     * @since 1.1
     */
    default boolean evictUnprovisioned(String nodeId) {
        return false;
    }

    /**
     * The public keys a node may register with on the protected server: lower-case hex SHA-256
     * of the DER SubjectPublicKeyInfo of its client certificates, newest first.
     *
     * @param nodeId a node ID
     * @return its pins, empty if none (a node not pinned yet)
     * @throws IamException {@code UNAVAILABLE} without storage, {@code RUNTIME} on a storage error
     * @since 1.1
     */
    default List<String> keyPins(String nodeId) throws IamException {
        throw new IamException(org.edgeiam.api.ErrorCode.NOT_SUPPORTED, "this node manager keeps no key pins");
    }

    /**
     * Adds a key pin for a node (persisted; the oldest beyond a small bound are dropped).
     *
     * @param nodeId a node ID
     * @param spkiSha256 lower-case hex SHA-256 of the key's DER SubjectPublicKeyInfo
     * @throws IamException {@code INVALID_ARGUMENT} for a malformed pin, storage errors as above
     * @since 1.1
     */
    default void pinKey(String nodeId, String spkiSha256) throws IamException {
        throw new IamException(org.edgeiam.api.ErrorCode.NOT_SUPPORTED, "this node manager keeps no key pins");
    }

    /**
     * Removes every key pin of a node (after it was deprovisioned).
     *
     * @param nodeId a node ID
     * @throws IamException storage errors as above
     * @since 1.1
     */
    default void clearKeyPins(String nodeId) throws IamException {
        throw new IamException(org.edgeiam.api.ErrorCode.NOT_SUPPORTED, "this node manager keeps no key pins");
    }
}
