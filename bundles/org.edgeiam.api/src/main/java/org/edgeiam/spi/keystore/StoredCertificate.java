package org.edgeiam.spi.keystore;

import java.util.Objects;

/**
 * Where a stored certificate and its key are.
 *
 * @param certUrl URL of the certificate ({@code pkcs11:…} or {@code file:…})
 * @param keyUrl URL of the private key
 * @since 1.0
 */
public record StoredCertificate(String certUrl, String keyUrl) {
    /** Canonical constructor: both required. */
    public StoredCertificate {
        Objects.requireNonNull(certUrl, "certUrl");
        Objects.requireNonNull(keyUrl, "keyUrl");
    }
}
