package org.edgeiam.api.cert;

import java.util.List;
import java.util.Objects;

/**
 * A configured cert module (cert type) as the certificate handler sees it.
 *
 * @param certType the cert type (module id)
 * @param plugin the key storage plugin ({@code pkcs11module}, {@code softmodule})
 * @param algorithm {@code ecc} or {@code rsa}
 * @param maxItems how many certificates are kept; older ones are trimmed
 * @param selfSigned whether provisioning creates a self-signed certificate for it
 * @param available whether its key storage backend is present and the store is open
 * @param owned whether its store is owned
 * @param problem why it is not available, empty when it is
 * @param extendedKeyUsage extended key usages requested in CSRs
 * @param alternativeNames DNS names requested in CSRs
 * @since 1.0
 */
public record CertModuleInfo(String certType, String plugin, String algorithm, int maxItems, boolean selfSigned,
        boolean available, boolean owned, String problem, List<String> extendedKeyUsage,
        List<String> alternativeNames) {
    /** Canonical constructor: copies the lists. */
    public CertModuleInfo {
        Objects.requireNonNull(certType, "certType");
        Objects.requireNonNull(problem, "problem");
        extendedKeyUsage = List.copyOf(extendedKeyUsage);
        alternativeNames = List.copyOf(alternativeNames);
    }
}
