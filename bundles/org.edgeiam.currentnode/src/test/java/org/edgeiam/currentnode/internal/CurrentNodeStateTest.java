package org.edgeiam.currentnode.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeState;
import org.junit.jupiter.api.Test;
import org.edgeiam.testutil.LogCapture;

/** State changes of {@link CurrentNodeService}: the state file and the listeners. */
class CurrentNodeStateTest extends CurrentNodeTestBase {
    private static final long TIMEOUT_SECONDS = 10;

    @Test
    void checkStates() throws Exception {
        givenActivated();
        NodeState[] steps = {NodeState.PROVISIONED, NodeState.PROVISIONED, NodeState.PAUSED,
            NodeState.PAUSED, NodeState.PROVISIONED, NodeState.UNPROVISIONED,
            NodeState.UNPROVISIONED, NodeState.PAUSED, NodeState.ERROR};
        for (NodeState step : steps) {
            this.node.setState(step);

            assertEquals(step, this.node.nodeInfo().state());
            if (step == NodeState.UNPROVISIONED) {
                assertFalse(stateFileExists(), "unprovisioned removes the state file");
            } else {
                assertEquals(step.wireName(), stateFileContent());
            }
            thenNoTempFilesLeft();
        }
        assertEquals(NodeState.ERROR, givenActivated().state(), "state survives a restart");
    }

    @Test
    void listenersAreNotNotifiedIfStateNotChanged() throws Exception {
        givenFile("var/aos/.provisionstate", "provisioned");
        givenActivated();
        BlockingQueue<NodeInfo> received = new LinkedBlockingQueue<>();
        this.node.subscribe(received::add);

        this.node.setState(NodeState.PROVISIONED);
        this.node.setState(NodeState.PROVISIONED);
        this.node.setState(NodeState.PAUSED);

        // delivery is in order, so a notification for the no-op calls would come first
        assertEquals(NodeState.PAUSED, next(received).state());
    }

    @Test
    void observersAreNotifiedOnStateChange() throws Exception {
        givenActivated();
        BlockingQueue<NodeInfo> first = new LinkedBlockingQueue<>();
        BlockingQueue<NodeInfo> second = new LinkedBlockingQueue<>();
        Subscription firstSubscription = this.node.subscribe(first::add);
        this.node.subscribe(second::add);

        this.node.setState(NodeState.PROVISIONED);

        for (BlockingQueue<NodeInfo> queue : List.of(first, second)) {
            NodeInfo info = next(queue);
            assertEquals(NodeState.PROVISIONED, info.state());
            assertEquals(NODE_ID, info.nodeId());
            assertEquals(TOTAL_RAM, info.totalRam());
        }

        firstSubscription.close();
        firstSubscription.close();
        this.node.setState(NodeState.PAUSED);

        assertEquals(NodeState.PAUSED, next(second).state());
        // the first listener comes before the second in each delivery, so it would have it now
        assertTrue(first.isEmpty(), "a closed subscription gets nothing");
    }

    @Test
    void listenersGetEveryQuickChangeInOrder() throws Exception {
        givenActivated();
        List<NodeState> changes = List.of(NodeState.PROVISIONED, NodeState.PAUSED,
                NodeState.PROVISIONED, NodeState.PAUSED, NodeState.UNPROVISIONED,
                NodeState.PROVISIONED);
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(2 * changes.size());
        this.node.subscribe(info -> record(calls, done, "A", info));
        this.node.subscribe(info -> record(calls, done, "B", info));

        for (NodeState change : changes) {
            this.node.setState(change);
        }

        assertTrue(done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "all changes delivered");
        List<String> expected = new ArrayList<>();
        for (NodeState change : changes) {
            expected.add("A:" + change.wireName());
            expected.add("B:" + change.wireName());
        }
        assertEquals(expected, calls);
    }

    @Test
    void throwingListenerIsLoggedAndKept() throws Exception {
        givenActivated();
        AtomicInteger thrown = new AtomicInteger();
        BlockingQueue<NodeInfo> received = new LinkedBlockingQueue<>();
        try (LogCapture log = new LogCapture(org.edgeiam.util.OrderedListeners.class)) {
            this.node.subscribe(info -> {
                thrown.incrementAndGet();
                throw new IllegalStateException("listener bug");
            });
            this.node.subscribe(received::add);

            this.node.setState(NodeState.PROVISIONED);
            this.node.setState(NodeState.PAUSED);

            assertEquals(NodeState.PROVISIONED, next(received).state());
            assertEquals(NodeState.PAUSED, next(received).state());
            assertEquals(2, thrown.get(), "the throwing listener stays subscribed");
            assertTrue(log.warned("stays subscribed"));
        }
    }

    @Test
    void setStateClearsErrorOfGarbageStateFile() throws Exception {
        givenFile("var/aos/.provisionstate", "garbage");
        assertEquals(NodeState.ERROR, givenActivated().state());
        BlockingQueue<NodeInfo> received = new LinkedBlockingQueue<>();
        this.node.subscribe(received::add);

        this.node.setState(NodeState.PROVISIONED);

        NodeInfo info = next(received);
        assertEquals(NodeState.PROVISIONED, info.state());
        assertTrue(info.error().isEmpty());
        assertEquals("provisioned", stateFileContent());
    }

    @Test
    void setStateFailsWithRuntimeAndKeepsStateIfStateDirectoryIsGone() throws Exception {
        givenFile("var/aos/.provisionstate", "provisioned");
        givenActivated();
        BlockingQueue<NodeInfo> received = new LinkedBlockingQueue<>();
        this.node.subscribe(received::add);
        givenNoFile("var/aos/.provisionstate");
        givenNoFile("var/aos");
        givenFile("var/aos", "a file where the state directory should be");

        for (NodeState state : List.of(NodeState.PAUSED, NodeState.UNPROVISIONED)) {
            IamException e = assertThrows(IamException.class, () -> this.node.setState(state));
            assertEquals(ErrorCode.RUNTIME, e.code());
            assertTrue(e.getMessage().contains(path("var/aos/.provisionstate")), e.getMessage());
            assertEquals(NodeState.PROVISIONED, this.node.nodeInfo().state());
        }

        givenNoFile("var/aos");
        Files.createDirectories(file("var/aos"));
        this.node.setState(NodeState.PAUSED);
        assertEquals(NodeState.PAUSED, next(received).state(), "failed changes notify nobody");
    }

    @Test
    void setStateFailsWithRuntimeAndKeepsStateWhenTheFileCannotBeReplaced() throws Exception {
        givenFile("var/aos/.provisionstate", "provisioned");
        givenActivated();
        // a non-empty directory where the state file was: no rename can replace it, not even
        // as root (directory permissions would not stop root, who runs CI)
        Files.delete(file("var/aos/.provisionstate"));
        givenFile("var/aos/.provisionstate/occupied", "x");

        IamException e = assertThrows(IamException.class, () -> this.node.setState(NodeState.PAUSED));

        assertEquals(ErrorCode.RUNTIME, e.code());
        assertEquals(NodeState.PROVISIONED, this.node.nodeInfo().state());
        assertTrue(Files.isDirectory(file("var/aos/.provisionstate")), "the obstacle is left as it was");
    }

    private static NodeInfo next(BlockingQueue<NodeInfo> queue) throws InterruptedException {
        NodeInfo info = queue.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(info, "no notification within " + TIMEOUT_SECONDS + " s");
        return info;
    }

    private static void record(List<String> calls, CountDownLatch done, String who,
            NodeInfo info) {
        calls.add(who + ":" + info.state().wireName());
        done.countDown();
    }
}
