package org.edgeiam.identifier.vis.internal;

import java.net.URI;

import org.edgeiam.identifier.vis.internal.VisMessages.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of the VIS connection, under the name of {@link VisClient} and kept apart so that the
 * client reads as protocol. The first failed connect after a working connection (or at start) is
 * a warning and the retries are debug, so a server that is down does not flood the log; at most
 * {@value VisMessages#LOG_CHARS} characters of any frame are quoted.
 */
final class VisLog {
    private static final Logger LOG = LoggerFactory.getLogger(VisClient.class);

    private final URI server;
    private volatile boolean failing;

    VisLog(URI server) {
        this.server = server;
    }

    void connected() {
        this.failing = false;
        LOG.info("Connected to VIS server {}", this.server);
    }

    void connectFailed(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (this.failing) {
            LOG.debug("Connecting to VIS server {} failed again: {}", this.server, cause.toString());
        } else {
            this.failing = true;
            LOG.warn("Cannot connect to VIS server {}: {}; retrying every {} ms at most", this.server,
                    cause.toString(), Backoff.MAX_MS);
        }
    }

    void lost(String reason, boolean reconnecting) {
        if (reconnecting) {
            LOG.warn("Connection to VIS server {} lost: {}; reconnecting", this.server, reason);
        } else {
            LOG.debug("Connection to VIS server {} ended: {}", this.server, reason);
        }
    }

    void malformed(String reason, String text) {
        LOG.warn("Ignoring malformed frame from VIS server {} ({}): {}", this.server, reason,
                VisMessages.shorten(text));
    }

    void notNotification(Frame frame, String text) {
        if (frame.requestId() != null && frame.subscriptionId() == null) {
            LOG.debug("Ignoring answer to request {} that is no longer pending", frame.requestId());
        } else if (frame.error() != null) {
            LOG.warn("VIS server {} reports an error: {}", this.server, VisMessages.shorten(text));
        } else {
            malformed("neither the answer to a pending request nor a notification with subscriptionId and value",
                    text);
        }
    }

    void unknownSubscription(String subscriptionId) {
        LOG.debug("Ignoring notification for unknown subscription {}", subscriptionId);
    }

    void subscribed(String path, Frame answer, Throwable e) {
        if (e != null) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.warn("Subscribing to {} at VIS server {} failed: {}", path, this.server, cause.getMessage());
        } else if (answer.subscriptionId() == null) {
            LOG.warn("VIS server {} answered subscribe {} without subscriptionId: no notifications", this.server,
                    path);
        } else {
            LOG.debug("Subscribed to {} at VIS server {}: subscription {}", path, this.server,
                    answer.subscriptionId());
        }
    }

    void closeFailed(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        LOG.debug("Closing the connection to VIS server {} cleanly failed: {}", this.server, cause.toString());
    }

    void notScheduled() {
        LOG.debug("Not reconnecting to VIS server {}: shut down", this.server);
    }
}
