package org.edgeiam.spi.keystore;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * A key pair generated for a CSR and not yet matched by a certificate. For an HSM the private key
 * is a handle to a non-extractable token object.
 *
 * @param id backend identifier of the key pair (e.g. the hex CKA_ID), unique in its store
 * @param algorithm the key algorithm
 * @param publicKey the public key
 * @param privateKey the private key, usable with {@link #provider()} for signing
 * @param provider the JCA provider that signs with this private key, or {@code null} for the
 *        default providers
 * @since 1.0
 */
public record PendingKey(String id, KeyAlgorithm algorithm, PublicKey publicKey, PrivateKey privateKey,
        Provider provider) {
    /** Canonical constructor: everything but the provider is required. */
    public PendingKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** @return the signing provider, if the key needs a specific one */
    public Optional<Provider> signingProvider() {
        return Optional.ofNullable(provider);
    }

    @Override
    public String toString() {
        return "PendingKey[" + id + ", " + algorithm + "]";
    }
}
