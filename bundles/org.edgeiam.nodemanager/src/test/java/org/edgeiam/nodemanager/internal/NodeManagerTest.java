package org.edgeiam.nodemanager.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.api.nodes.NodeStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviours of the AosEdge reference's node manager tests, on a real SQLite storage. */
class NodeManagerTest extends NodeManagerTestBase {

    @BeforeEach
    void givenOpenStorage() throws Exception {
        givenStorage();
    }

    @Test
    void init() throws Exception {
        NodeInfo b = node("node-b", NodeState.PAUSED);
        NodeInfo a = node("node-a", NodeState.PROVISIONED);
        givenStored(b, a);

        whenStarted();

        assertEquals(List.of("node-a", "node-b"), this.manager.nodeIds());
        NodeStatus status = thenKnown(a, false);
        assertEquals(Optional.empty(), status.lastSeen(), "not seen since start");
        thenKnown(b, false);
    }

    @Test
    void setNodeInfoUnprovisioned() throws Exception {
        givenStored(node("node-1", NodeState.PROVISIONED));
        givenStarted();
        NodeInfo unprovisioned = node("node-1", NodeState.UNPROVISIONED);

        this.manager.setNodeInfo(unprovisioned, true);

        thenNotStored("node-1");
        thenKnown(unprovisioned, true);
    }

    @Test
    void setNodeInfoProvisioned() throws Exception {
        givenStarted();
        NodeInfo provisioned = node("node-1", NodeState.PROVISIONED);

        this.manager.setNodeInfo(provisioned, true);

        thenStored(provisioned);
        NodeStatus status = thenKnown(provisioned, true);
        assertEquals(Optional.of(this.clock.instant()), status.lastSeen());
    }

    @Test
    void setNodeStatePaused() throws Exception {
        givenStarted();
        this.manager.setNodeInfo(node("node-1", NodeState.PROVISIONED), true);
        this.clock.advance(Duration.ofMinutes(1));

        this.manager.setNodeState("node-1", NodeState.PAUSED);

        NodeInfo paused = node("node-1", NodeState.PAUSED);
        thenStored(paused);
        NodeStatus status = thenKnown(paused, true);
        assertEquals(Optional.of(this.clock.instant().minus(Duration.ofMinutes(1))), status.lastSeen(),
                "a state set by the main node is not a sign of life");
    }

    @Test
    void setNodeStateProvisioned() throws Exception {
        givenStored(node("node-1", NodeState.PAUSED));
        givenStarted();

        this.manager.setNodeState("node-1", NodeState.PROVISIONED);

        thenStored(node("node-1", NodeState.PROVISIONED));
        thenKnown(node("node-1", NodeState.PROVISIONED), false);
    }

    @Test
    void setNodeStateUnprovisionedRemovesTheRow() throws Exception {
        givenStored(node("node-1", NodeState.PROVISIONED));
        givenStarted();

        this.manager.setNodeState("node-1", NodeState.UNPROVISIONED);

        thenNotStored("node-1");
        thenKnown(node("node-1", NodeState.UNPROVISIONED), false);
    }

    @Test
    void setNodeStateNotFound() throws Exception {
        givenStarted();

        thenFails(ErrorCode.NOT_FOUND, () -> this.manager.setNodeState("ghost", NodeState.PAUSED), "ghost");

        assertEquals(List.of(), this.manager.nodeIds());
    }

    @Test
    void setNodeConnected() throws Exception {
        NodeInfo provisioned = node("node-1", NodeState.PROVISIONED);
        givenStored(provisioned);
        givenStarted();

        this.manager.setConnected("node-1", true);

        thenKnown(provisioned, true);
        thenStored(provisioned);
    }

    @Test
    void setNodeDisconnected() throws Exception {
        givenStarted();
        NodeInfo provisioned = node("node-1", NodeState.PROVISIONED);
        this.manager.setNodeInfo(provisioned, true);

        this.manager.setConnected("node-1", false);

        thenKnown(provisioned, false);
        thenStored(provisioned);
    }

    @Test
    void setConnectedNotFound() throws Exception {
        givenStarted();

        thenFails(ErrorCode.NOT_FOUND, () -> this.manager.setConnected("ghost", true), "ghost");
    }

    @Test
    void getNodeInfoNotFound() throws Exception {
        givenStored(node("node-1", NodeState.PROVISIONED));
        givenStarted();

        thenFails(ErrorCode.NOT_FOUND, () -> this.manager.node("node-2"), "node-2");
    }

    @Test
    void getNodeInfoOK() throws Exception {
        givenStarted();
        NodeInfo info = node("node-1", NodeState.PROVISIONED);
        this.manager.setNodeInfo(info, true);

        NodeStatus status = this.manager.node("node-1");

        assertEquals(new NodeStatus(info, true, Optional.of(this.clock.instant())), status);
    }

    @Test
    void getAllNodeIDs() throws Exception {
        givenStored(node("node-c", NodeState.PROVISIONED));
        givenStarted();
        givenNodes(node("node-a", NodeState.UNPROVISIONED), node("node-b", NodeState.PAUSED));

        List<String> ids = this.manager.nodeIds();

        assertEquals(List.of("node-a", "node-b", "node-c"), ids);
        assertEquals(ids, this.manager.nodes().stream().map(s -> s.info().nodeId()).toList());
        assertEquals(List.of("node-c", "node-b"), this.storage.getAllNodeIds(), "unprovisioned nodes have no row");
    }

    @Test
    void notifyNodeInfoChangeOnSetNodeInfo() throws Exception {
        givenStarted();
        BlockingQueue<NodeInfo> received = givenListener();
        NodeInfo provisioned = node("node-1", NodeState.PROVISIONED);
        NodeInfo renamed = provisioned.toBuilder().title("renamed").build();

        this.manager.setNodeInfo(provisioned, false);
        this.manager.setNodeInfo(renamed, false);
        this.manager.setNodeInfo(renamed, true);

        assertEquals(provisioned, next(received));
        assertEquals(renamed, next(received));
        assertEquals(renamed, next(received), "a connection change is a change");
    }

    @Test
    void lastSeenIsUpdatedByEverySetNodeInfoOnly() throws Exception {
        givenStarted();
        NodeInfo info = node("node-1", NodeState.PROVISIONED);
        this.manager.setNodeInfo(info, true);
        this.clock.advance(Duration.ofSeconds(30));

        this.manager.setNodeInfo(info, true);
        this.clock.advance(Duration.ofSeconds(30));
        this.manager.setConnected("node-1", false);

        assertEquals(Optional.of(this.clock.instant().minusSeconds(30)), this.manager.node("node-1").lastSeen());
    }
}
