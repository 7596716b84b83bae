package org.edgeiam.nodemanager.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.api.nodes.NodeStatus;
import org.edgeiam.storage.sqlite.internal.SqliteStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared steps of the node manager tests: a real {@link SqliteStorage} on a file in a temporary
 * directory, node managers on a settable clock, listeners that queue what they hear, and
 * given/when/then helpers. Everything opened by a test is closed after it.
 */
abstract class NodeManagerTestBase {
    static final long TIMEOUT_SECONDS = 10;
    static final String MARKER = "zz-marker";

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(Instant.parse("2030-01-02T03:04:05Z"));
    final List<SqliteStorage> storages = new ArrayList<>();
    final List<NodeManagerImpl> managers = new ArrayList<>();
    SqliteStorage storage;
    NodeManagerImpl manager;
    private int barriers;

    @AfterEach
    void closeAll() {
        this.managers.forEach(NodeManagerImpl::deactivate);
        this.storages.forEach(SqliteStorage::close);
    }

    /** A node with some facts besides its ID and state. */
    static NodeInfo node(String id, NodeState state) {
        return NodeInfo.builder(id).nodeType("secondary").title("Node " + id).totalRam(1L << 30)
                .attrs(Map.of("AosComponents", "sm")).state(state).build();
    }

    SqliteStorage givenStorage() throws IamException {
        this.storage = new SqliteStorage(new StorageConfig(this.dir));
        this.storages.add(this.storage);
        return this.storage;
    }

    void givenStored(NodeInfo... infos) throws IamException {
        for (NodeInfo info : infos) {
            this.storage.setNodeInfo(info);
        }
    }

    /** Starts a node manager as DS would: references bound first, then activation. */
    NodeManagerImpl whenStarted() {
        this.manager = new NodeManagerImpl(this.clock, NodeManagerImpl.DEFAULT_MAX_NODES);
        this.managers.add(this.manager);
        if (this.storage != null) {
            this.manager.bindStorage(this.storage);
        }
        this.manager.activate();
        return this.manager;
    }

    NodeManagerImpl givenStarted() {
        return whenStarted();
    }

    void givenNodes(NodeInfo... infos) throws IamException {
        for (NodeInfo info : infos) {
            this.manager.setNodeInfo(info, false);
        }
    }

    /**
     * Changes the marker node (unprovisioned, so it needs no row) to a title it never had and
     * waits until that change, and thus every change made before it, has been delivered.
     */
    void givenAllDelivered() throws Exception {
        NodeInfo marker = node(MARKER, NodeState.UNPROVISIONED).toBuilder().title("marker " + ++this.barriers).build();
        CountDownLatch delivered = new CountDownLatch(1);
        try (Subscription barrier = this.manager.subscribe(info -> {
            if (info.equals(marker)) {
                delivered.countDown();
            }
        })) {
            this.manager.setNodeInfo(marker, false);
            assertTrue(delivered.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "no notification within "
                    + TIMEOUT_SECONDS + " s");
        }
    }

    /**
     * Subscribes a queue once every earlier change has been delivered (a change made before a
     * subscription may otherwise still reach it), so it holds only what the test does next.
     */
    BlockingQueue<NodeInfo> givenListener() throws Exception {
        givenAllDelivered();
        BlockingQueue<NodeInfo> received = new LinkedBlockingQueue<>();
        this.manager.subscribe(received::add);
        return received;
    }

    private void toggleMarker() throws IamException {
        this.manager.setConnected(MARKER, !this.manager.node(MARKER).connected());
    }

    static NodeInfo next(BlockingQueue<NodeInfo> queue) throws InterruptedException {
        NodeInfo info = queue.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(info, "no notification within " + TIMEOUT_SECONDS + " s");
        return info;
    }

    /**
     * Changes the marker node's connection state and expects that change to be the next
     * notification: delivery is in order, so any notification queued before would come first.
     */
    void thenNotNotified(BlockingQueue<NodeInfo> queue) throws Exception {
        toggleMarker();
        assertEquals(MARKER, next(queue).nodeId(), "an earlier call notified the listeners");
    }

    NodeStatus thenKnown(NodeInfo info, boolean connected) throws IamException {
        NodeStatus status = this.manager.node(info.nodeId());
        assertEquals(info, status.info());
        assertEquals(connected, status.connected(), "connected");
        return status;
    }

    void thenStored(NodeInfo info) throws IamException {
        assertEquals(Optional.of(info), this.storage.getNodeInfo(info.nodeId()));
    }

    void thenNotStored(String nodeId) throws IamException {
        assertEquals(Optional.empty(), this.storage.getNodeInfo(nodeId));
        assertTrue(!this.storage.getAllNodeIds().contains(nodeId), nodeId + " has a row");
    }

    static IamException thenFails(ErrorCode code, Executable call, String... mentioned) {
        IamException e = assertThrows(IamException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        for (String text : mentioned) {
            assertTrue(e.getMessage().contains(text), () -> "message should name '" + text + "': " + e.getMessage());
        }
        return e;
    }

    /** A clock that stands still until a test moves it. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            this.now = this.now.plus(duration);
        }

        @Override
        public Instant instant() {
            return this.now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
