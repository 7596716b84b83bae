package org.edgeiam.identifier.vis.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.edgeiam.identifier.vis.internal.VisMessages.Frame;

import com.google.gson.JsonElement;

/**
 * The subscriptions of the current connection, by the {@code subscriptionId} the server gave
 * them, and the routing of notifications to them. A frame that answers no pending request is a
 * notification if it has a {@code subscriptionId} and a value; one for an unknown subscription is
 * ignored (it may be left from an earlier connection), anything else is logged as malformed.
 */
final class Subscriptions {
    private final Map<String, Consumer<JsonElement>> handlers = new ConcurrentHashMap<>();
    private final VisLog log;

    Subscriptions(VisLog log) {
        this.log = log;
    }

    /**
     * @param onValue gets the values notified for {@code path}, unwrapped if keyed by the path
     * @return what to do with the answer to subscribe {@code path}: register its subscriptionId
     */
    Consumer<Frame> onAnswer(String path, Consumer<JsonElement> onValue) {
        return answer -> {
            if (answer.subscriptionId() != null) {
                this.handlers.put(answer.subscriptionId(), value -> onValue.accept(VisMessages.valueAt(value, path)));
            }
        };
    }

    /** Hands the value of a notification to its subscription. */
    void notify(Frame frame, String text) {
        Consumer<JsonElement> handler = frame.subscriptionId() == null ? null
                : this.handlers.get(frame.subscriptionId());
        if (frame.subscriptionId() == null || frame.value() == null || frame.error() != null) {
            this.log.notNotification(frame, text);
        } else if (handler == null) {
            this.log.unknownSubscription(frame.subscriptionId());
        } else {
            handler.accept(frame.value());
        }
    }

    /** Forgets all subscriptions: the connection ended. */
    void clear() {
        this.handlers.clear();
    }
}
