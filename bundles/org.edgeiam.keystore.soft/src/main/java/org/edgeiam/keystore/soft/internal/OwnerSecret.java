package org.edgeiam.keystore.soft.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The owner verifier: a salted PBKDF2-HMAC-SHA256 hash of the owner (SO) password, one line
 * {@code pbkdf2-sha256:<iterations>:<salt>:<hash>} (Base64), so that taking ownership of an owned
 * store again can check the password without keeping it. Comparison is constant-time; the
 * iteration count is read from the file, so it can be raised without breaking old stores.
 */
final class OwnerSecret {
    static final int ITERATIONS = 210_000;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final String KDF = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final int MAX_ITERATIONS = 10_000_000;

    private OwnerSecret() {
    }

    /** @return the verifier file content for {@code password} with a fresh salt */
    static byte[] create(char[] password, SecureRandom random) throws GeneralSecurityException {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = hash(password, salt, ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder();
        String line = SCHEME + ":" + ITERATIONS + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(hash)
                + "\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param password the password to check
     * @param verifier the verifier file content
     * @return whether the password is the one the verifier was made from
     * @throws IOException if the verifier is malformed
     */
    static boolean matches(char[] password, byte[] verifier) throws IOException, GeneralSecurityException {
        String[] parts = new String(verifier, StandardCharsets.US_ASCII).trim().split(":");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            throw new IOException("not a " + SCHEME + " owner verifier");
        }
        int iterations;
        byte[] salt;
        byte[] expected;
        try {
            iterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            expected = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed owner verifier: " + e.getMessage(), e);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS || salt.length == 0 || expected.length != HASH_BITS / 8) {
            throw new IOException("owner verifier parameters out of range");
        }
        byte[] actual = hash(password, salt, iterations);
        try {
            return MessageDigest.isEqual(expected, actual);
        } finally {
            Arrays.fill(actual, (byte) 0);
        }
    }

    private static byte[] hash(char[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(KDF).generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }
}
