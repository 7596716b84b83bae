package org.edgeiam.iamclient.internal;

import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;

import io.grpc.Status;

/**
 * What the connection loop reacts to, queued in arrival order and handled one at a time on its
 * thread. Stream events carry the number of the attempt they belong to, so that late events of
 * an earlier stream are recognised and dropped.
 */
sealed interface Event {
    /** The stream of attempt {@code attempt} is on a connected transport. */
    record StreamReady(long attempt) implements Event {
    }

    /** The main node sent a request on the stream of attempt {@code attempt}. */
    record Incoming(long attempt, IAMIncomingMessages message) implements Event {
    }

    /** The stream of attempt {@code attempt} ended: OK when the main closed it, else the error. */
    record StreamEnded(long attempt, Status status) implements Event {
    }

    /** This node's information changed. */
    record NodeChanged(NodeInfo info) implements Event {
    }

    /** The current certificate of the {@code cert.storage} type changed. */
    record CertChanged() implements Event {
    }

    /** A local backend was bound or unbound. */
    record BackendsChanged() implements Event {
    }

    /** The component is being deactivated. */
    record Stop() implements Event {
    }
}
