package org.edgeiam.api.node;

import java.util.Locale;
import java.util.Optional;

/**
 * Provisioning state of a node, with the strings used on the wire and in the state file.
 *
 * @since 1.0
 */
public enum NodeState {
    /** Not provisioned yet (no state file). */
    UNPROVISIONED,
    /** Provisioned and working. */
    PROVISIONED,
    /** Provisioned, paused by the main node. */
    PAUSED,
    /** The state could not be determined; the node's error says why. */
    ERROR;

    /**
     * @return the wire name: {@code unprovisioned}, {@code provisioned}, {@code paused} or
     *         {@code error}
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text a wire name, case and surrounding white space ignored
     * @return the state, or empty if the text names none
     */
    public static Optional<NodeState> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.trim();
        for (NodeState state : values()) {
            if (state.wireName().equalsIgnoreCase(wanted)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
