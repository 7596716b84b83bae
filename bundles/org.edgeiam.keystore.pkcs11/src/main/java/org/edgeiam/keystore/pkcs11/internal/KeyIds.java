package org.edgeiam.keystore.pkcs11.internal;

import java.security.SecureRandom;

/**
 * New {@code CKA_ID}s: 16 random bytes shaped as a version 4 UUID, as AosEdge assigns them, from
 * one {@link SecureRandom} per component.
 */
final class KeyIds {
    private static final int LENGTH = 16;

    private final SecureRandom random;

    KeyIds(SecureRandom random) {
        this.random = random;
    }

    SecureRandom random() {
        return this.random;
    }

    byte[] next() {
        byte[] id = new byte[LENGTH];
        this.random.nextBytes(id);
        id[6] = (byte) ((id[6] & 0x0f) | 0x40); // version 4
        id[8] = (byte) ((id[8] & 0x3f) | 0x80); // IETF variant
        return id;
    }
}
