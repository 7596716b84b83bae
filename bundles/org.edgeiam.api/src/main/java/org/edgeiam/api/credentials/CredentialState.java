package org.edgeiam.api.credentials;

import java.util.Locale;
import java.util.Optional;

/**
 * The state of a credential, one machine for every kind: {@link #INACTIVE} (new, never used) →
 * {@link #ACTIVE} (automatically, on the first successful authentication) → {@link #SUSPENDED} ⇄
 * {@link #ACTIVE}; {@link #REVOKED} is terminal and reachable from every other state.
 *
 * @since 1.0
 */
public enum CredentialState {
    /** Created and never used. */
    INACTIVE("Inactive"),
    /** Authenticated at least once and usable. */
    ACTIVE("Active"),
    /** Refused until it is made active again. */
    SUSPENDED("Suspended"),
    /** Refused for good. */
    REVOKED("Revoked");

    private final String displayName;

    CredentialState(String displayName) {
        this.displayName = displayName;
    }

    /** @return the name Kaa's REST API writes: {@code Active}, {@code Inactive}, … */
    public String displayName() {
        return displayName;
    }

    /**
     * Whether an operator (REST, shell) may move a credential from this state to another. The
     * move {@code INACTIVE → ACTIVE} is not one of them: only a successful authentication makes
     * it.
     *
     * @param target the requested state
     * @return whether the machine allows it
     */
    public boolean canBeSetTo(CredentialState target) {
        switch (this) {
        case INACTIVE:
            return target == REVOKED;
        case ACTIVE:
            return target == SUSPENDED || target == REVOKED;
        case SUSPENDED:
            return target == ACTIVE || target == REVOKED;
        default:
            return false;
        }
    }

    /**
     * @param name a display name ({@code Active}) or constant name ({@code ACTIVE}), any case
     * @return the state, or empty for anything else
     */
    public static Optional<CredentialState> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String upper = name.strip().toUpperCase(Locale.ROOT);
        for (CredentialState s : values()) {
            if (s.name().equals(upper)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
