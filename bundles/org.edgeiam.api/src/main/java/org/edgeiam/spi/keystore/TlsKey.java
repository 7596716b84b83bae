package org.edgeiam.spi.keystore;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored private key with its certificate chain, for a TLS server or client.
 *
 * @param privateKey the private key (a token handle for an HSM)
 * @param provider the JCA provider that signs with it, or {@code null} for the default providers
 * @param chain the certificate chain, leaf first
 * @since 1.0
 */
public record TlsKey(PrivateKey privateKey, Provider provider, List<X509Certificate> chain) {
    /** Canonical constructor: copies the chain, which must not be empty. */
    public TlsKey {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty certificate chain");
        }
    }

    /** @return the signing provider, if the key needs a specific one */
    public Optional<Provider> signingProvider() {
        return Optional.ofNullable(provider);
    }

    /**
     * Names the key without showing it: a record would print the key object, and software keys
     * print key material (BouncyCastle the public point and a fingerprint, some providers the
     * private value), plus the whole chain.
     *
     * @return the key algorithm, the provider name and the leaf's subject
     */
    @Override
    public String toString() {
        return "TlsKey[algorithm=" + privateKey.getAlgorithm() + ", provider="
                + (provider == null ? "default" : provider.getName()) + ", subject="
                + chain.get(0).getSubjectX500Principal().getName() + "]";
    }
}
