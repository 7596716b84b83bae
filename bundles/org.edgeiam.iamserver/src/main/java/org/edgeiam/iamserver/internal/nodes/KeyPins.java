package org.edgeiam.iamserver.internal.nodes;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;

import org.edgeiam.iamserver.internal.ServerKind;

/** The key pin of the leaf of a PEM chain that the main node forwards in an ApplyCert request. */
final class KeyPins {
    private KeyPins() {
    }

    /**
     * @param pemChain the chain, leaf first
     * @return the leaf's key pin, empty if the chain does not parse (the secondary refuses it then)
     */
    static Optional<String> ofLeaf(String pemChain) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            var certs = factory.generateCertificates(new ByteArrayInputStream(pemChain.getBytes(StandardCharsets.US_ASCII)));
            return certs.stream().findFirst().map(c -> ServerKind.keyPin((X509Certificate) c));
        } catch (CertificateException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
