package org.edgeiam.api.credentials;

import java.util.Objects;

/**
 * A tenant: every credential, CA and setting belongs to one.
 *
 * @param id the tenant ID ({@code [a-z0-9][a-z0-9-]{0,62}})
 * @param name a display name
 * @param issuer the OAuth 2.0 issuer of its management tokens, or empty
 * @param jwksUrl where that issuer publishes its keys (JWKS), or empty
 * @since 1.0
 */
public record Tenant(String id, String name, String issuer, String jwksUrl) {
    /** Checks that every field is present. */
    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(jwksUrl, "jwksUrl");
    }
}
