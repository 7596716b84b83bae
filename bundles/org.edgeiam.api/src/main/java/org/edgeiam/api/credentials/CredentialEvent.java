package org.edgeiam.api.credentials;

import java.time.Instant;

/**
 * A credential changed state.
 *
 * @param credential the credential in its new state
 * @param previous the state it left
 * @param at when
 * @since 1.0
 */
public record CredentialEvent(Credential credential, CredentialState previous, Instant at) {
    /** @return whether the credential can no longer be used (suspended or revoked): cut its sessions */
    public boolean disables() {
        CredentialState now = credential.state();
        return now == CredentialState.SUSPENDED || now == CredentialState.REVOKED;
    }
}
