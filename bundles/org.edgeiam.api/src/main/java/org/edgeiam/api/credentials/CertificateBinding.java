package org.edgeiam.api.credentials;

import java.time.Instant;
import java.util.Objects;

/**
 * The certificate an X.509 credential is bound to. Only this metadata is kept, never the key.
 *
 * @param issuer the certificate's issuer distinguished name (RFC 2253)
 * @param serialNumber its serial number in base 10, as 22/CAP sends it
 * @param sha256 lower-case hex SHA-256 of its DER encoding
 * @param notBefore start of its validity
 * @param notAfter end of its validity
 * @since 1.0
 */
public record CertificateBinding(String issuer, String serialNumber, String sha256, Instant notBefore,
        Instant notAfter) {
    /** Checks that every field is present. */
    public CertificateBinding {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
    }
}
