package org.edgeiam.api.credentials;

import java.time.Instant;
import java.util.Objects;

/**
 * A device credential as EdgeIAM keeps it (no password, no key).
 *
 * @param id unique ID (20 characters, {@code [0-9a-v]})
 * @param tenantId the tenant it belongs to
 * @param kind basic or X.509
 * @param clientId the client (device) it authenticates
 * @param username the username of a basic credential, {@code null} for X.509
 * @param certificate the certificate of an X.509 credential, {@code null} for basic
 * @param state its state
 * @param createdDate when it was created
 * @param updatedDate when it last changed (state, not use)
 * @param lastUseDate when it last authenticated (kept to the minute), or {@code null}
 * @param version incremented by every change; the REST API's ETag
 * @since 1.0
 */
public record Credential(String id, String tenantId, CredentialKind kind, String clientId, String username,
        CertificateBinding certificate, CredentialState state, Instant createdDate, Instant updatedDate,
        Instant lastUseDate, long version) {
    /** Checks the fields a credential always has. */
    public Credential {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdDate, "createdDate");
        Objects.requireNonNull(updatedDate, "updatedDate");
    }

    /**
     * @param newState the new state
     * @param at when it changed
     * @return this credential in another state, one version later
     */
    public Credential withState(CredentialState newState, Instant at) {
        return new Credential(id, tenantId, kind, clientId, username, certificate, newState, createdDate, at,
                lastUseDate, version + 1);
    }

    /**
     * @param at when it was used
     * @return this credential with another last use, one version later
     */
    public Credential withLastUse(Instant at) {
        return new Credential(id, tenantId, kind, clientId, username, certificate, state, createdDate,
                updatedDate, at, version + 1);
    }
}
