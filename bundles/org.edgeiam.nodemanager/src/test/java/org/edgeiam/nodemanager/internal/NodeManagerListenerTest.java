package org.edgeiam.nodemanager.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the listeners hear: every change, in order, and nothing else. */
class NodeManagerListenerTest extends NodeManagerTestBase {

    @BeforeEach
    void givenStartedWithStorage() throws Exception {
        givenStorage();
        givenStarted();
        givenAllDelivered();
    }

    @Test
    void listenersAreNotToldWhenNothingChanged() throws Exception {
        NodeInfo provisioned = node("node-1", NodeState.PROVISIONED);
        this.manager.setNodeInfo(provisioned, true);
        BlockingQueue<NodeInfo> received = givenListener();

        this.manager.setNodeInfo(provisioned, true);
        this.manager.setNodeState("node-1", NodeState.PROVISIONED);
        this.manager.setConnected("node-1", true);

        thenNotNotified(received);
    }

    @Test
    void listenersAreToldOfEveryChangeInOrder() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        List<NodeState> states = List.of(NodeState.PROVISIONED, NodeState.PAUSED, NodeState.PROVISIONED,
                NodeState.UNPROVISIONED, NodeState.PAUSED);
        CountDownLatch done = new CountDownLatch(2 * (states.size() + 2));
        this.manager.subscribe(info -> record(calls, done, "A", info));
        this.manager.subscribe(info -> record(calls, done, "B", info));

        this.manager.setNodeInfo(node("node-1", NodeState.UNPROVISIONED), false);
        for (NodeState state : states) {
            this.manager.setNodeState("node-1", state);
        }
        this.manager.setConnected("node-1", true);

        assertTrue(done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "all changes delivered");
        List<String> expected = new ArrayList<>();
        for (String state : List.of("unprovisioned", "provisioned", "paused", "provisioned", "unprovisioned",
                "paused", "paused")) {
            expected.add("A:" + state);
            expected.add("B:" + state);
        }
        assertEquals(expected, calls);
    }

    @Test
    void closedSubscriptionHearsNothing() throws Exception {
        BlockingQueue<NodeInfo> closed = new LinkedBlockingQueue<>();
        Subscription subscription = this.manager.subscribe(closed::add);
        BlockingQueue<NodeInfo> open = givenListener();
        subscription.close();
        subscription.close();
        closed.clear();

        this.manager.setNodeInfo(node("node-1", NodeState.PROVISIONED), true);

        assertEquals("node-1", next(open).nodeId());
        // the closed subscription came first, so it would have the change by now
        assertTrue(closed.isEmpty(), "a closed subscription hears nothing");
    }

    @Test
    void failedChangesAreNotNotified() throws Exception {
        BlockingQueue<NodeInfo> received = givenListener();

        thenFails(ErrorCode.NOT_FOUND, () -> this.manager.setConnected("ghost", true));
        thenFails(ErrorCode.NOT_FOUND, () -> this.manager.setNodeState("ghost", NodeState.PAUSED));

        thenNotNotified(received);
    }

    private static void record(List<String> calls, CountDownLatch done, String who, NodeInfo info) {
        if (!MARKER.equals(info.nodeId())) {
            calls.add(who + ":" + info.state().wireName());
            done.countDown();
        }
    }
}
