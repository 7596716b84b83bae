package org.edgeiam.iamserver.internal.nodes;

import java.util.List;
import java.util.Optional;

import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeState;

/**
 * Whether a RegisterNode stream may speak for the node ID of a NodeInfo it sent. The public
 * server is unauthenticated: a stream there may only claim an ID that is unprovisioned or new,
 * and never one that another live stream holds (so it can neither replace a protected link nor
 * take an unprovisioned node's stream). On the protected server the client certificate is
 * authenticated; the node ID is bound to the SHA-256 of the certificate's public key: the keys of
 * the certificates the main node applied for that node (forwarded ApplyCert) and, for a node
 * known as provisioned that has none (provisioned before keys were pinned) and no live stream,
 * the first key it registers with. A newer protected stream with a pinned key
 * takes over from an older stream of the same node (a reconnect).
 */
final class RegisterRules {
    /** The outcome: refused with a reason, or accepted (and whether to pin the key first). */
    record Decision(Optional<String> refusal, boolean pin) {
        static Decision refuse(String why) {
            return new Decision(Optional.of(why), false);
        }

        static final Decision ACCEPT = new Decision(Optional.empty(), false);
        static final Decision ACCEPT_AND_PIN = new Decision(Optional.empty(), true);
    }

    private RegisterRules() {
    }

    /**
     * @param publicServer whether the stream came on the public server
     * @param info the NodeInfo it sent
     * @param stored the node as the registry knows it, if it does
     * @param otherLink whether another live stream speaks for that ID now
     * @param clientKey the stream's client key pin (protected server with TLS), if any
     * @param pins the node's key pins
     * @return the decision
     */
    static Decision decide(boolean publicServer, NodeInfo info, Optional<NodeInfo> stored, boolean otherLink,
            Optional<String> clientKey, List<String> pins) {
        String id = info.nodeId();
        if (publicServer != (info.state() == NodeState.UNPROVISIONED)) {
            return Decision.refuse("node " + id + " is " + info.state().wireName() + ", but the "
                    + (publicServer ? "public server accepts only unprovisioned nodes"
                            : "protected server accepts only provisioned nodes"));
        }
        if (publicServer) {
            if (stored.isPresent() && stored.get().state() != NodeState.UNPROVISIONED) {
                return Decision.refuse("node " + id + " is known as " + stored.get().state().wireName()
                        + ": it registers on the protected server with its certificate");
            }
            if (otherLink) {
                return Decision.refuse("node " + id + " has a live RegisterNode stream already");
            }
            return Decision.ACCEPT;
        }
        if (clientKey.isEmpty()) {
            return Decision.ACCEPT; // plaintext (provisioning mode): nothing to bind to
        }
        if (pins.isEmpty()) {
            // first key only for a node the main node knows as provisioned and nobody speaks for
            // (provisioned before keys were pinned); otherwise its key comes from a forwarded ApplyCert
            boolean provisioned = stored.isPresent() && stored.get().state() != NodeState.UNPROVISIONED;
            return provisioned && !otherLink ? Decision.ACCEPT_AND_PIN
                    : Decision.refuse("no client key is bound to node " + id + (provisioned ? " and another stream"
                            + " speaks for it" : ": it is not known as provisioned (its certificate is applied"
                                    + " through the main node, which binds its key)"));
        }
        return pins.contains(clientKey.get()) ? Decision.ACCEPT
                : Decision.refuse("the client certificate (key " + clientKey.get().substring(0, 16)
                        + "…) is not bound to node " + id);
    }
}
