package org.edgeiam.api.ca;

import java.util.Locale;
import java.util.Optional;

/**
 * Key types of client certificates. RSA below 2048 bits is never accepted.
 *
 * @since 1.0
 */
public enum ClientKeyType {
    /** ECDSA on NIST P-256. */
    EC_P256,
    /** ECDSA on NIST P-384. */
    EC_P384,
    /** Ed25519. */
    ED25519,
    /** RSA, 2048 bits. */
    RSA_2048,
    /** RSA, 3072 bits. */
    RSA_3072,
    /** RSA, 4096 bits. */
    RSA_4096;

    /**
     * @param text a name such as {@code EC_P256}, {@code ec-p256} or {@code ed25519}, any case
     * @return the type, or empty
     */
    public static Optional<ClientKeyType> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String name = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ClientKeyType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
