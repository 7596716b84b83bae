package org.edgeiam.spi.credentials;

import java.util.Objects;

import org.edgeiam.api.credentials.Credential;

/**
 * A credential with what only the credential service reads.
 *
 * @param credential the credential
 * @param passwordHash the bcrypt hash of a basic credential's password ({@code $2y$…}), {@code null} for X.509
 * @since 1.0
 */
public record StoredCredential(Credential credential, String passwordHash) {
    /** Checks that the credential is present. */
    public StoredCredential {
        Objects.requireNonNull(credential, "credential");
    }

    /** @return a description without the hash */
    @Override
    public String toString() {
        return "StoredCredential[" + credential + (passwordHash == null ? "" : ", passwordHash=…") + "]";
    }
}
