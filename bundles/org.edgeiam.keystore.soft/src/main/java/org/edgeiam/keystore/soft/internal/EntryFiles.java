package org.edgeiam.keystore.soft.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

/**
 * Reads and writes the entry files of one store with the user PIN, turning every failure into an
 * {@link IamException} that names the file but never a secret. The PIN is read from its file for
 * each call and cleared when the call ends. Writing an entry is all or nothing: the key file
 * first, then the certificate file, and whatever was written is removed if a step fails.
 */
final class EntryFiles {
    private final StoreLayout layout;
    private final KeyCodec codec;

    EntryFiles(StoreLayout layout, KeyCodec codec) {
        this.layout = layout;
        this.codec = codec;
    }

    /**
     * Writes {@code <id>.key} and {@code <id>.pem}; the caller holds the store's lock.
     *
     * @throws IamException {@code WRONG_STATE} if the store is not owned, {@code RUNTIME} if a
     *         file cannot be written; then neither file exists
     */
    void write(String id, PrivateKey key, List<X509Certificate> chain) throws IamException {
        Path keyFile = this.layout.keyFile(id);
        Path certFile = this.layout.certFile(id);
        List<Path> written = new ArrayList<>(2);
        char[] pin = readPin();
        try {
            byte[] keyPem = this.codec.encrypt(key, pin);
            byte[] certPem = KeyCodec.encodeChain(chain);
            SecureFiles.privateDirectory(this.layout.dir(), false);
            SecureFiles.writeAtomically(keyFile, keyPem);
            written.add(keyFile);
            SecureFiles.writeAtomically(certFile, certPem);
            written.add(certFile);
            SecureFiles.syncDirectory(this.layout.dir());
        } catch (IOException | RuntimeException e) {
            StoreEntries.deleteQuietly(written);
            throw new IamException(ErrorCode.RUNTIME, "cannot store key " + id + " in soft store "
                    + this.layout.certType() + ": " + e, e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    /**
     * @throws IamException {@code NOT_FOUND} if the file is missing, {@code RUNTIME} if it does
     *         not hold a certificate chain
     */
    List<X509Certificate> chain(Path certFile) throws IamException {
        byte[] content = read(certFile, "certificate");
        try {
            return this.codec.parseChain(content);
        } catch (IOException e) {
            throw new IamException(ErrorCode.RUNTIME, "certificate file " + certFile + " is unusable: "
                    + e.getMessage(), e);
        }
    }

    /**
     * @throws IamException {@code NOT_FOUND} if the file is missing, {@code WRONG_STATE} if the
     *         store is not owned, {@code RUNTIME} if the key does not decrypt with the user PIN
     */
    PrivateKey key(Path keyFile) throws IamException {
        byte[] content = read(keyFile, "key");
        char[] pin = readPin();
        try {
            return this.codec.decrypt(content, pin);
        } catch (IOException | GeneralSecurityException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot decrypt key file " + keyFile + " with the user PIN of "
                    + this.layout.pinFile() + " (wrong PIN or corrupt file): " + e.getMessage(), e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private byte[] read(Path file, String what) throws IamException {
        if (!SecureFiles.isFile(file)) {
            throw new IamException(ErrorCode.NOT_FOUND, "soft store " + this.layout.certType() + " has no " + what
                    + " file " + file);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot read " + what + " file " + file + ": " + e, e);
        }
    }

    private char[] readPin() throws IamException {
        Path pinFile = this.layout.pinFile();
        if (!Files.isRegularFile(pinFile)) {
            throw new IamException(ErrorCode.WRONG_STATE, "soft store " + this.layout.certType()
                    + " is not owned (no user PIN file " + pinFile + ")");
        }
        char[] pin;
        try {
            pin = SecureFiles.readSecret(pinFile);
        } catch (IOException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot read user PIN file " + pinFile + ": " + e, e);
        }
        if (pin.length == 0) {
            throw new IamException(ErrorCode.RUNTIME, "user PIN file " + pinFile + " is empty");
        }
        return pin;
    }
}
