package org.edgeiam.api.credentials;

/**
 * How an authentication ended, with the HTTP status code Kaa's 22/CAP answers with.
 *
 * @since 1.0
 */
public enum AuthOutcome {
    /** Authenticated. */
    OK(200),
    /** The request itself is unusable (e.g. a password over 72 bytes). */
    BAD_REQUEST(400),
    /** No such tenant, username or certificate. */
    UNKNOWN(401),
    /** The password does not match. */
    WRONG_PASSWORD(401),
    /** The certificate is expired or not yet valid. */
    EXPIRED(401),
    /** The credential is suspended. */
    SUSPENDED(403),
    /** The credential is revoked. */
    REVOKED(403),
    /** Every verifier is busy and the queue is full: try again later. */
    BUSY(503),
    /** The credential cannot be checked (storage unavailable, stored hash refused). */
    ERROR(500);

    private final int statusCode;

    AuthOutcome(int statusCode) {
        this.statusCode = statusCode;
    }

    /** @return the HTTP status code 22/CAP sends for this outcome */
    public int statusCode() {
        return statusCode;
    }
}
