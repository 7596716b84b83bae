package org.edgeiam.spi.keystore;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * What a store holds for its cert type, as listed for start-up validation: a certificate with
 * its private key (valid), a certificate without a key, or a key without a certificate (orphans).
 *
 * @param certUrl URL of the certificate, empty for a key without a certificate
 * @param keyUrl URL of the private key, empty for a certificate without a key
 * @param certificate the leaf certificate, if present
 * @since 1.0
 */
public record StoredEntry(Optional<String> certUrl, Optional<String> keyUrl, Optional<X509Certificate> certificate) {
    /** @return whether both the certificate and its key are present */
    public boolean isComplete() {
        return certUrl.isPresent() && keyUrl.isPresent() && certificate.isPresent();
    }
}
