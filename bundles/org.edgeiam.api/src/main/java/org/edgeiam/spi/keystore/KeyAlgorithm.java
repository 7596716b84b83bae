package org.edgeiam.spi.keystore;

import java.util.Locale;
import java.util.Optional;

/**
 * Key pair algorithms of cert modules, as AosEdge configures them ({@code ecc}, {@code rsa}).
 *
 * @since 1.0
 */
public enum KeyAlgorithm {
    /** ECDSA on NIST P-384 (AosEdge's {@code ecc}); CSRs signed with SHA384withECDSA. */
    ECC_P384("SHA384withECDSA"),
    /** RSA 2048, public exponent 65537 (AosEdge's {@code rsa}); CSRs signed with SHA256withRSA. */
    RSA_2048("SHA256withRSA");

    private final String signatureAlgorithm;

    KeyAlgorithm(String signatureAlgorithm) {
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** @return the JCA signature algorithm used with keys of this kind */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /**
     * @param text {@code ecc} or {@code rsa}, case ignored
     * @return the algorithm, or empty if the text names none
     */
    public static Optional<KeyAlgorithm> parse(String text) {
        switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "ecc":
            case "ecdsa":
                return Optional.of(ECC_P384);
            case "rsa":
                return Optional.of(RSA_2048);
            default:
                return Optional.empty();
        }
    }
}
