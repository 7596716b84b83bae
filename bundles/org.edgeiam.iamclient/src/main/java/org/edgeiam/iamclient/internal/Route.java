package org.edgeiam.iamclient.internal;

import org.edgeiam.api.node.NodeState;

/**
 * Where and how one connection attempt reaches the main node: its public or protected server,
 * and with which credentials.
 *
 * @param server which of the main's servers
 * @param address its address
 * @param credential how the channel is secured
 */
record Route(Server server, HostPort address, Credential credential) {

    /** The main node's two servers. */
    enum Server {
        /** Accepts nodes in state {@code unprovisioned}. */
        PUBLIC,
        /** Accepts provisioned (and paused, error) nodes, with their client certificate. */
        PROTECTED;

        /**
         * @param state this node's state
         * @return the server that accepts a node in that state
         */
        static Server accepting(NodeState state) {
            return state == NodeState.UNPROVISIONED ? PUBLIC : PROTECTED;
        }

        @Override
        public String toString() {
            return this == PUBLIC ? "public" : "protected";
        }
    }

    /** How a channel is secured. */
    enum Credential {
        /** No TLS (a main node in provisioning mode). */
        PLAINTEXT("plaintext"),
        /** TLS, the server verified against the CA. */
        TLS("TLS"),
        /** TLS with this node's certificate, the server verified against the CA. */
        MUTUAL_TLS("mutual TLS");

        private final String text;

        Credential(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    @Override
    public String toString() {
        return server + " server " + address + " (" + credential + ")";
    }
}
