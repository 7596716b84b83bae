package org.edgeiam.keystore.soft.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ownership of a soft store on disk: the user PIN file (its presence means "owned") and the owner
 * verifier {@code .owner}. Taking a store that is not owned creates the store directory (0700),
 * removes entries left from an earlier owner (their keys were encrypted with a lost PIN, as
 * initialising a token wipes it), writes the verifier and finally the new random user PIN, so an
 * interrupted run leaves the store not owned. Confirming an owned store checks the password
 * against the verifier and keeps the user PIN and the keys; checking it alone only reads. The
 * caller holds the store's lock.
 */
final class OwnerFiles {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerFiles.class);
    private static final int PIN_BYTES = 32;

    private OwnerFiles() {
    }

    /** Takes a store that is not owned: new verifier, new user PIN. */
    static void take(StoreLayout layout, char[] password, SecureRandom random)
            throws IOException, GeneralSecurityException {
        SecureFiles.privateDirectory(layout.dir(), true);
        SecureFiles.privateDirectory(layout.pinFile().getParent(), false);
        int removed = StoreEntries.deleteAll(layout);
        if (removed > 0) {
            LOG.warn("soft store {}: {} files of an earlier owner removed (their user PIN is gone)",
                    layout.certType(), removed);
        }
        SecureFiles.writeAtomically(layout.ownerFile(), OwnerSecret.create(password, random));
        byte[] pin = newPin(random);
        try {
            SecureFiles.writeAtomically(layout.pinFile(), pin);
        } finally {
            Arrays.fill(pin, (byte) 0);
        }
        SecureFiles.syncDirectory(layout.dir());
        LOG.info("soft store {}: owned, user PIN written to {}", layout.certType(), layout.pinFile());
    }

    /**
     * Takes an owned store again: the password must match the verifier. A store whose PIN file
     * exists without a verifier (a PIN file from elsewhere, or shared by several cert types) is
     * adopted: the verifier is written for this password.
     *
     * @throws IamException {@code INVALID_ARGUMENT} for a wrong password; nothing changes then
     */
    static void confirm(StoreLayout layout, char[] password, SecureRandom random)
            throws IOException, GeneralSecurityException, IamException {
        Path owner = layout.ownerFile();
        if (check(layout, password)) {
            LOG.info("soft store {}: owner confirmed, user PIN and keys kept", layout.certType());
            return;
        }
        SecureFiles.privateDirectory(layout.dir(), true);
        SecureFiles.writeAtomically(owner, OwnerSecret.create(password, random));
        LOG.warn("soft store {}: user PIN file {} had no owner verifier; this owner password now owns the store,"
                + " the user PIN is kept", layout.certType(), layout.pinFile());
    }

    /**
     * Checks the password against the owner verifier of an owned store; reads only.
     *
     * @return {@code true} if it matches, {@code false} if there is no verifier (nothing to check)
     * @throws IamException {@code INVALID_ARGUMENT} for a wrong password
     */
    static boolean check(StoreLayout layout, char[] password)
            throws IOException, GeneralSecurityException, IamException {
        Path owner = layout.ownerFile();
        if (!SecureFiles.isFile(owner)) {
            return false;
        }
        if (!OwnerSecret.matches(password, Files.readAllBytes(owner))) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "wrong owner password for soft store "
                    + layout.certType());
        }
        return true;
    }

    /** @return a new user PIN: random bytes as lower-case hex, ASCII; the caller clears it */
    private static byte[] newPin(SecureRandom random) {
        byte[] value = new byte[PIN_BYTES];
        random.nextBytes(value);
        byte[] pin = new byte[PIN_BYTES * 2];
        HexFormat format = HexFormat.of();
        for (int i = 0; i < PIN_BYTES; i++) {
            pin[2 * i] = (byte) format.toHighHexDigit(value[i]);
            pin[2 * i + 1] = (byte) format.toLowHexDigit(value[i]);
        }
        Arrays.fill(value, (byte) 0);
        return pin;
    }
}
