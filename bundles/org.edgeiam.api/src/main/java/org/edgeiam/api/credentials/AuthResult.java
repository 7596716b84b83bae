package org.edgeiam.api.credentials;

import java.util.Objects;

/**
 * The answer to an authentication, in the shape of Kaa's 22/CAP responses: a status code with a
 * reason phrase and, when authenticated, who it is. The reason is meant for logs and for the
 * service that asked, never for the device: it tells an unknown username from a wrong password.
 *
 * @param outcome how it ended
 * @param reasonPhrase a short explanation without secrets
 * @param tenantId the credential's tenant, or {@code null} when not authenticated
 * @param credentialId the credential, or {@code null} when not authenticated
 * @param clientId the client it authenticates, or {@code null} when not authenticated
 * @since 1.0
 */
public record AuthResult(AuthOutcome outcome, String reasonPhrase, String tenantId, String credentialId,
        String clientId) {
    /** Checks that outcome and reason are present. */
    public AuthResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reasonPhrase, "reasonPhrase");
    }

    /**
     * @param credential the credential that authenticated
     * @return a successful result for it
     */
    public static AuthResult ok(Credential credential) {
        return new AuthResult(AuthOutcome.OK, "OK", credential.tenantId(), credential.id(), credential.clientId());
    }

    /**
     * @param outcome why not
     * @param reason a short explanation without secrets
     * @return a refusal
     */
    public static AuthResult refused(AuthOutcome outcome, String reason) {
        return new AuthResult(outcome, reason, null, null, null);
    }

    /** @return whether the credential was accepted */
    public boolean authenticated() {
        return outcome == AuthOutcome.OK;
    }

    /** @return the HTTP status code of the outcome */
    public int statusCode() {
        return outcome.statusCode();
    }
}
