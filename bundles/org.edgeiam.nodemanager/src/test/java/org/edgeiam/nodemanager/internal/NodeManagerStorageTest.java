package org.edgeiam.nodemanager.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.storage.sqlite.internal.SqliteStorage;
import org.junit.jupiter.api.Test;

/** Persistence across restarts, a missing or failing storage, and the node limit. */
class NodeManagerStorageTest extends NodeManagerTestBase {

    @Test
    void restartLoadsPersistedNodes() throws Exception {
        givenStorage();
        givenStarted();
        NodeInfo a = node("node-a", NodeState.PROVISIONED);
        NodeInfo c = node("node-c", NodeState.PAUSED);
        this.manager.setNodeInfo(a, true);
        this.manager.setNodeInfo(node("node-b", NodeState.UNPROVISIONED), true);
        this.manager.setNodeInfo(c, true);
        this.manager.deactivate();
        this.storage.close();

        givenStorage();
        whenStarted();

        assertEquals(List.of("node-a", "node-c"), this.manager.nodeIds());
        assertEquals(Optional.empty(), thenKnown(a, false).lastSeen());
        thenKnown(c, false);
    }

    @Test
    void storageMissingFailsWithUnavailableAndChangesNothing() throws Exception {
        givenStarted();
        NodeInfo unprovisioned = node("node-1", NodeState.UNPROVISIONED);
        this.manager.setNodeInfo(unprovisioned, false);
        BlockingQueue<NodeInfo> received = givenListener();

        thenFails(ErrorCode.UNAVAILABLE, () -> this.manager.setNodeInfo(node("node-2", NodeState.PROVISIONED), true),
                "storage", "node-2");
        thenFails(ErrorCode.UNAVAILABLE, () -> this.manager.setNodeState("node-1", NodeState.PROVISIONED),
                "storage", "node-1");

        assertEquals(List.of("node-1", MARKER), this.manager.nodeIds());
        thenKnown(unprovisioned, false);
        thenNotNotified(received);
    }

    @Test
    void storageErrorLeavesTheCacheUnchanged() throws Exception {
        givenStorage();
        givenStarted();
        NodeInfo provisioned = node("node-1", NodeState.PROVISIONED);
        this.manager.setNodeInfo(provisioned, false);
        BlockingQueue<NodeInfo> received = givenListener();
        this.storage.close();

        thenFails(ErrorCode.UNAVAILABLE, () -> this.manager.setNodeInfo(node("node-1", NodeState.PAUSED), true));
        thenFails(ErrorCode.UNAVAILABLE, () -> this.manager.setNodeState("node-1", NodeState.UNPROVISIONED));
        thenFails(ErrorCode.UNAVAILABLE, () -> this.manager.setNodeInfo(node("node-2", NodeState.PROVISIONED), true));

        thenKnown(provisioned, false);
        assertEquals(List.of("node-1", MARKER), this.manager.nodeIds());
        thenNotNotified(received);
    }

    @Test
    void connectionChangesNeverTouchTheStorage() throws Exception {
        givenStorage();
        givenStarted();
        NodeInfo provisioned = node("node-1", NodeState.PROVISIONED);
        this.manager.setNodeInfo(provisioned, false);
        BlockingQueue<NodeInfo> received = givenListener();
        // every storage call fails from now on
        this.storage.close();

        this.manager.setNodeInfo(provisioned, true);
        this.manager.setConnected("node-1", false);
        this.manager.setNodeState("node-1", NodeState.PROVISIONED);

        assertEquals(provisioned, next(received));
        assertEquals(provisioned, next(received));
        thenKnown(provisioned, false);
    }

    @Test
    void storageRebindLoadsStoredNodesAndKeepsNewerMemory() throws Exception {
        givenStorage();
        givenStarted();
        NodeInfo newer = node("node-1", NodeState.PAUSED);
        this.manager.setNodeInfo(newer, true);
        this.manager.unbindStorage(this.storage);
        this.manager.setNodeInfo(node("node-2", NodeState.UNPROVISIONED), true);
        // rows changed while the manager had no storage: node-1 older, node-2 stale, node-3 new
        NodeInfo third = node("node-3", NodeState.PROVISIONED);
        givenStored(node("node-1", NodeState.PROVISIONED), node("node-2", NodeState.PROVISIONED), third);
        BlockingQueue<NodeInfo> received = givenListener();

        this.manager.bindStorage(this.storage);

        assertEquals(List.of("node-1", "node-2", "node-3", MARKER), this.manager.nodeIds());
        thenKnown(newer, true);
        thenKnown(node("node-2", NodeState.UNPROVISIONED), true);
        thenKnown(third, false);
        assertEquals(third, next(received), "a loaded node is news");
        thenStored(newer);
        thenNotStored("node-2");
        thenStored(third);
    }

    @Test
    void storageRestartKeepsTheRegistryUsable() throws Exception {
        givenStorage();
        givenStarted();
        this.manager.setNodeInfo(node("node-1", NodeState.PROVISIONED), true);
        SqliteStorage old = this.storage;
        this.manager.unbindStorage(old);
        old.close();

        this.manager.bindStorage(givenStorage());
        this.manager.setNodeState("node-1", NodeState.PAUSED);

        thenStored(node("node-1", NodeState.PAUSED));
        thenKnown(node("node-1", NodeState.PAUSED), true);
    }

    @Test
    void nodeLimitIs64() throws Exception {
        givenStorage();
        givenStarted();
        for (int i = 0; i < NodeManagerImpl.DEFAULT_MAX_NODES; i++) {
            this.manager.setNodeInfo(node(String.format("node-%02d", i), NodeState.PROVISIONED), false);
        }

        thenFails(ErrorCode.NO_MEMORY, () -> this.manager.setNodeInfo(node("node-64", NodeState.PROVISIONED), true),
                "node-64", "64 nodes");
        thenFails(ErrorCode.NO_MEMORY, () -> this.manager.setNodeInfo(node("node-65", NodeState.UNPROVISIONED), true));
        this.manager.setNodeInfo(node("node-00", NodeState.PAUSED), true);

        assertEquals(64, this.manager.nodeIds().size());
        assertEquals(64, this.storage.getAllNodeIds().size());
        assertTrue(!this.manager.nodeIds().contains("node-64"));
        thenKnown(node("node-00", NodeState.PAUSED), true);
        thenStored(node("node-00", NodeState.PAUSED));
    }

    @Test
    void storedNodesBeyondTheLimitAreNotLoaded() throws Exception {
        givenStorage();
        for (int i = 0; i <= NodeManagerImpl.DEFAULT_MAX_NODES; i++) {
            givenStored(node(String.format("node-%02d", i), NodeState.PROVISIONED));
        }

        whenStarted();

        assertEquals(64, this.manager.nodeIds().size());
        assertEquals(65, this.storage.getAllNodeIds().size(), "rows are kept");
    }
}
