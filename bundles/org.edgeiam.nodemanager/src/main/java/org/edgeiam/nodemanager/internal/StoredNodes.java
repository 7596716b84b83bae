package org.edgeiam.nodemanager.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.spi.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the node manager keeps node registrations in the {@link Storage}: nodes in state
 * {@code unprovisioned} have no row (writing one removes the row), every other node has a row with
 * its latest information. The class is stateless; callers pass the storage they hold and
 * serialise the calls.
 */
final class StoredNodes {
    private static final Logger LOG = LoggerFactory.getLogger(StoredNodes.class);

    private StoredNodes() {
    }

    /** @return whether the node gets a row in the storage */
    static boolean isPersisted(NodeInfo info) {
        return info.state() != NodeState.UNPROVISIONED;
    }

    /**
     * Writes a node: stores its row, or removes it for an unprovisioned node.
     *
     * @param storage the storage, or {@code null} if it is missing
     * @param info the node
     * @throws IamException {@code UNAVAILABLE} if the storage is missing for a node that needs a
     *         row; any storage error otherwise. Without a storage an unprovisioned node is
     *         accepted: its stale row, if any, is removed by {@link #reconcile} later.
     */
    static void write(Storage storage, NodeInfo info) throws IamException {
        if (storage == null) {
            if (isPersisted(info)) {
                throw new IamException(ErrorCode.UNAVAILABLE,
                        "storage is not available: cannot persist node " + info.nodeId());
            }
            LOG.debug("No storage: removing the row of unprovisioned node {} waits for it", info.nodeId());
            return;
        }
        if (isPersisted(info)) {
            storage.setNodeInfo(info);
            LOG.debug("Node {} persisted in state {}", info.nodeId(), info.state().wireName());
            return;
        }
        try {
            storage.removeNodeInfo(info.nodeId());
            LOG.debug("Row of unprovisioned node {} removed", info.nodeId());
        } catch (IamException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
    }

    /**
     * Reads every stored node. A row that cannot be read is logged and skipped.
     *
     * @param storage the storage
     * @return the stored nodes by ID, in storage order
     * @throws IamException if the node IDs cannot be listed
     */
    static Map<String, NodeInfo> readAll(Storage storage) throws IamException {
        Map<String, NodeInfo> stored = new LinkedHashMap<>();
        for (String nodeId : storage.getAllNodeIds()) {
            try {
                storage.getNodeInfo(nodeId).ifPresent(info -> stored.put(nodeId, info));
            } catch (IamException e) {
                LOG.error("Stored node {} cannot be read and is skipped: {}", nodeId, e.getMessage());
            }
        }
        return stored;
    }

    /**
     * Brings the storage in line with nodes held in memory, which are newer than their rows:
     * rows that differ are rewritten, rows of unprovisioned nodes removed. A failure is logged;
     * the next change of the node or the next (re)binding of a storage tries again.
     *
     * @param storage the storage
     * @param cached the nodes in memory
     * @param stored the rows read by {@link #readAll}
     */
    static void reconcile(Storage storage, Collection<NodeInfo> cached, Map<String, NodeInfo> stored) {
        for (NodeInfo info : cached) {
            NodeInfo row = stored.get(info.nodeId());
            boolean stale = isPersisted(info) ? !info.equals(row) : row != null;
            if (!stale) {
                continue;
            }
            try {
                write(storage, info);
                LOG.info("Stored node {} updated from memory", info.nodeId());
            } catch (IamException e) {
                LOG.error("Stored node {} cannot be updated from memory: {}", info.nodeId(), e.getMessage());
            }
        }
    }

    /**
     * Removes a node's row and key pins.
     *
     * @param storage the storage, or {@code null} if it is missing
     * @param nodeId the node
     * @throws IamException {@code UNAVAILABLE} without storage; storage errors
     */
    static void forget(Storage storage, String nodeId) throws IamException {
        if (storage == null) {
            throw new IamException(ErrorCode.UNAVAILABLE, "storage is not available: cannot remove node " + nodeId);
        }
        try {
            storage.removeNodeInfo(nodeId);
        } catch (IamException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
        try {
            storage.removeNodeKeyPins(nodeId);
        } catch (IamException e) {
            if (e.code() != ErrorCode.NOT_SUPPORTED) {
                throw e;
            }
        }
    }
}
