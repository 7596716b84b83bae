package org.edgeiam.iamclient.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the connection's ups and downs without flooding the log while the main node is away:
 * the first failure after a connection (or at start) at INFO, repeated failures at DEBUG; a
 * connection at INFO unless the last two streams ended before they were established (a main
 * that refuses the stream each time). A stream is established once the main sent a request or it
 * stayed open for {@value #ESTABLISHED_AFTER_MS} ms. Only the connection loop's thread calls it.
 */
final class ConnectionLog {
    /** How long an open stream must last to count as established without requests. */
    static final long ESTABLISHED_AFTER_MS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLog.class);

    private final long intervalMs;
    /** Streams in a row that ended before they were established. */
    private int quickEnds;
    /** A failure was logged at INFO since the last connection logged at INFO. */
    private boolean downReported;

    /** @param intervalMs the reconnect interval, for messages */
    ConnectionLog(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    void connected(Route route, String nodeId) {
        if (quickEnds >= 2) {
            LOG.debug("registered node {} at the main IAM's {}", nodeId, route);
        } else {
            LOG.info("registered node {} at the main IAM's {}", nodeId, route);
            downReported = false;
        }
    }

    void cannotConnect(Route route, String reason) {
        if (downReported) {
            LOG.debug("cannot connect to the main IAM's {}: {}", route, reason);
        } else {
            LOG.info("cannot connect to the main IAM's {}: {}; retrying every {} ms", route, reason, intervalMs);
            downReported = true;
        }
    }

    void ended(Route route, String reason, boolean established) {
        quickEnds = established ? 0 : quickEnds + 1;
        if (quickEnds <= 1) {
            LOG.info("stream to the main IAM's {} ended: {}; reconnecting in {} ms", route, reason, intervalMs);
            downReported = true;
        } else {
            LOG.debug("stream to the main IAM's {} ended again: {}", route, reason);
        }
    }
}
