package org.edgeiam.nodemanager.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;

import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeState;
import org.junit.jupiter.api.Test;

/**
 * The main node's own entry, fed by the {@code CurrentNode} service (a {@link FakeCurrentNode}
 * here: the real one needs a machine-id, /proc files and a state file).
 */
class MainNodeTest extends NodeManagerTestBase {

    static NodeInfo mainNode(NodeState state) {
        return NodeInfo.builder("main-0").nodeType("main").title("Main node")
                .attrs(Map.of("MainNode", "", "AosComponents", "cm,iam,sm")).state(state).build();
    }

    @Test
    void mainNodeIsRegisteredConnectedAndStored() throws Exception {
        givenStorage();
        givenStarted();
        NodeInfo main = mainNode(NodeState.PROVISIONED);

        this.manager.bindCurrentNode(new FakeCurrentNode(main));

        assertEquals(Optional.of(this.clock.instant()), thenKnown(main, true).lastSeen());
        thenStored(main);
    }

    @Test
    void mainNodeFollowsTheCurrentNode() throws Exception {
        givenStorage();
        givenStarted();
        FakeCurrentNode current = new FakeCurrentNode(mainNode(NodeState.PROVISIONED));
        this.manager.bindCurrentNode(current);
        BlockingQueue<NodeInfo> received = givenListener();

        current.setState(NodeState.PAUSED);
        current.setState(NodeState.UNPROVISIONED);

        assertEquals(mainNode(NodeState.PAUSED), next(received));
        assertEquals(mainNode(NodeState.UNPROVISIONED), next(received));
        thenKnown(mainNode(NodeState.UNPROVISIONED), true);
        thenNotStored("main-0");
    }

    @Test
    void mainNodeFollowsTheCurrentNodeWhenTheStorageFails() throws Exception {
        givenStorage();
        givenStarted();
        FakeCurrentNode current = new FakeCurrentNode(mainNode(NodeState.PROVISIONED));
        this.manager.bindCurrentNode(current);
        BlockingQueue<NodeInfo> received = givenListener();
        this.storage.close();

        current.setState(NodeState.PAUSED);

        assertEquals(mainNode(NodeState.PAUSED), next(received));
        thenKnown(mainNode(NodeState.PAUSED), true);
    }

    @Test
    void unboundCurrentNodeIsNoLongerFollowed() throws Exception {
        givenStorage();
        givenStarted();
        FakeCurrentNode current = new FakeCurrentNode(mainNode(NodeState.PROVISIONED));
        this.manager.bindCurrentNode(current);

        this.manager.unbindCurrentNode(current);
        current.setState(NodeState.PAUSED);

        assertEquals(0, current.subscribers());
        thenKnown(mainNode(NodeState.PROVISIONED), true);
        thenStored(mainNode(NodeState.PROVISIONED));
    }

    @Test
    void greedyReplacementFollowsTheNewCurrentNode() throws Exception {
        givenStorage();
        givenStarted();
        FakeCurrentNode first = new FakeCurrentNode(mainNode(NodeState.PROVISIONED));
        FakeCurrentNode second = new FakeCurrentNode(mainNode(NodeState.PAUSED));
        this.manager.bindCurrentNode(first);

        // DS binds the better service before it unbinds the old one
        this.manager.bindCurrentNode(second);
        this.manager.unbindCurrentNode(first);
        second.setState(NodeState.PROVISIONED);

        assertEquals(0, first.subscribers());
        assertEquals(1, second.subscribers());
        thenKnown(mainNode(NodeState.PROVISIONED), true);
    }

    @Test
    void secondaryCurrentNodeIsNotRegistered() throws Exception {
        givenStorage();
        givenStarted();
        FakeCurrentNode secondary = new FakeCurrentNode(node("sec-1", NodeState.PROVISIONED));

        this.manager.bindCurrentNode(secondary);
        secondary.setState(NodeState.PAUSED);

        assertEquals(List.of(), this.manager.nodeIds());
        assertEquals(List.of(), this.storage.getAllNodeIds());
    }

    @Test
    void mainNodeWithoutStorageIsRegisteredAndStoredWhenTheStorageBinds() throws Exception {
        givenStarted();
        NodeInfo main = mainNode(NodeState.PROVISIONED);
        this.manager.bindCurrentNode(new FakeCurrentNode(main));
        thenKnown(main, true);

        this.manager.bindStorage(givenStorage());

        thenKnown(main, true);
        thenStored(main);
    }

    @Test
    void mainNodeStoredBeforeIsReplacedByItsCurrentInfo() throws Exception {
        givenStorage();
        givenStored(mainNode(NodeState.PAUSED));
        NodeInfo main = mainNode(NodeState.PROVISIONED);
        FakeCurrentNode current = new FakeCurrentNode(main);

        // DS binds in any order; here the current node comes first
        this.manager = new NodeManagerImpl(this.clock, NodeManagerImpl.DEFAULT_MAX_NODES);
        this.managers.add(this.manager);
        this.manager.bindCurrentNode(current);
        this.manager.bindStorage(this.storage);
        this.manager.activate();

        thenKnown(main, true);
        thenStored(main);
    }
}
