package org.edgeiam.api.ca;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A client certificate as issued: its chain and, only when the key was made here, the private
 * key (PKCS#8 PEM), returned this once and kept nowhere.
 *
 * @param chain the client certificate, then its tenant CA and the platform CA
 * @param privateKeyPem the private key, or {@code null} when the device made its own (CSR)
 * @since 1.0
 */
public record IssuedCertificate(List<X509Certificate> chain, String privateKeyPem) {
    /** Copies the chain. */
    public IssuedCertificate {
        chain = List.copyOf(chain);
    }

    /** @return the client certificate */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** @return a description without the private key */
    @Override
    public String toString() {
        return "IssuedCertificate[" + certificate().getSubjectX500Principal() + ", serial "
                + certificate().getSerialNumber() + (privateKeyPem == null ? "" : ", with its private key") + "]";
    }
}
