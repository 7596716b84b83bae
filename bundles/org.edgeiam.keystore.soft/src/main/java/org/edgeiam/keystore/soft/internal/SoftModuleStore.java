package org.edgeiam.keystore.soft.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.PendingKey;
import org.edgeiam.spi.keystore.StoredCertificate;
import org.edgeiam.spi.keystore.StoredEntry;
import org.edgeiam.spi.keystore.TlsKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soft store of one cert type: pending keys in memory, stored keys as encrypted PKCS#8 files
 * and their chains as PEM files in the store directory (see {@link StoreLayout}). The user PIN is
 * read from its file by each call that needs it and cleared afterwards. Changes and listings hold
 * the store's lock; files are replaced atomically, so loading needs no lock and never sees a
 * half-written file. Keys are generated outside the lock. After {@link #close()} every call fails
 * with {@code UNAVAILABLE}.
 */
final class SoftModuleStore implements ModuleStore {
    private static final Logger LOG = LoggerFactory.getLogger(SoftModuleStore.class);
    private static final int ID_BYTES = 16;

    private final StoreLayout layout;
    private final Supplier<Provider> provider;
    private final SecureRandom random;
    private final KeyCodec codec;
    private final EntryFiles files;
    private final Consumer<SoftModuleStore> onClose;
    private final Object lock = new Object();
    private final Map<String, PendingKey> pending = new HashMap<>();
    private volatile boolean closed;

    SoftModuleStore(StoreLayout layout, Supplier<Provider> provider, SecureRandom random,
            Consumer<SoftModuleStore> onClose) {
        this.layout = layout;
        this.provider = provider;
        this.random = random;
        this.codec = new KeyCodec(provider, random);
        this.files = new EntryFiles(layout, this.codec);
        this.onClose = onClose;
    }

    @Override
    public boolean isOwned() throws IamException {
        checkOpen();
        // the PIN file may be a symbolic link (a PIN shared by cert types); entries may not
        return Files.isRegularFile(this.layout.pinFile()) && Files.isReadable(this.layout.pinFile());
    }

    @Override
    public void setOwner(char[] password) throws IamException {
        checkOpen();
        if (password == null) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "no owner password for soft store " + type());
        }
        synchronized (this.lock) {
            try {
                if (isOwned()) {
                    OwnerFiles.confirm(this.layout, password, this.random);
                } else {
                    OwnerFiles.take(this.layout, password, this.random);
                }
            } catch (IOException | GeneralSecurityException e) {
                throw new IamException(ErrorCode.RUNTIME, "cannot take ownership of soft store " + type() + ": " + e,
                        e);
            }
            this.pending.clear();
        }
    }

    /**
     * {@inheritDoc} The password is checked against the owner verifier; a store whose user PIN
     * file has no verifier has no owner password to check.
     */
    @Override
    public boolean checkOwner(char[] password) throws IamException {
        checkOpen();
        if (password == null) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "no owner password for soft store " + type());
        }
        synchronized (this.lock) {
            if (!isOwned()) {
                return false;
            }
            try {
                boolean checked = OwnerFiles.check(this.layout, password);
                if (!checked) {
                    LOG.warn("soft store {}: owned, but without an owner verifier: no owner password to check (the"
                            + " next SetOwner records one)", type());
                }
                return checked;
            } catch (IOException | GeneralSecurityException e) {
                throw new IamException(ErrorCode.RUNTIME, "cannot check the owner of soft store " + type() + ": " + e,
                        e);
            }
        }
    }

    @Override
    public void clear() throws IamException {
        checkOpen();
        synchronized (this.lock) {
            this.pending.clear();
            if (!isOwned()) {
                return;
            }
            try {
                int removed = StoreEntries.deleteAll(this.layout);
                LOG.info("soft store {}: cleared, {} files removed", type(), removed);
            } catch (IOException e) {
                throw new IamException(ErrorCode.RUNTIME, "cannot clear soft store " + type() + ": " + e, e);
            }
        }
    }

    @Override
    public PendingKey generateKey(KeyAlgorithm algorithm) throws IamException {
        if (algorithm == null) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "no key algorithm for soft store " + type());
        }
        if (!isOwned()) {
            throw new IamException(ErrorCode.WRONG_STATE, "soft store " + type() + " is not owned");
        }
        KeyPair pair;
        try {
            pair = this.codec.generate(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot generate a " + algorithm + " key in soft store "
                    + type() + ": " + e, e);
        }
        PendingKey key = new PendingKey(hex(ID_BYTES), algorithm, pair.getPublic(), pair.getPrivate(), this.provider.get());
        synchronized (this.lock) {
            this.pending.put(key.id(), key);
        }
        LOG.debug("soft store {}: pending key {} ({}) generated", type(), key.id(), algorithm);
        return key;
    }

    @Override
    public void discard(PendingKey key) throws IamException {
        if (key == null) {
            return;
        }
        synchronized (this.lock) {
            this.pending.remove(key.id());
        }
    }

    @Override
    public StoredCertificate store(PendingKey key, List<X509Certificate> chain) throws IamException {
        checkOpen();
        if (key == null) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "no key to store in soft store " + type());
        }
        if (chain == null || chain.isEmpty() || chain.stream().anyMatch(Objects::isNull)) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "no certificate chain for key " + key.id());
        }
        if (!Arrays.equals(chain.get(0).getPublicKey().getEncoded(), key.publicKey().getEncoded())) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "certificate " + chain.get(0).getSubjectX500Principal()
                    + " does not belong to key " + key.id());
        }
        synchronized (this.lock) {
            if (!key.equals(this.pending.get(key.id()))) {
                throw new IamException(ErrorCode.NOT_FOUND, "key " + key.id() + " is not pending in soft store "
                        + type());
            }
            this.files.write(key.id(), key.privateKey(), chain);
            this.pending.remove(key.id());
            Path certFile = this.layout.certFile(key.id());
            LOG.info("soft store {}: certificate {} stored with its key", type(), certFile);
            return new StoredCertificate(StoreLayout.url(certFile), StoreLayout.url(this.layout.keyFile(key.id())));
        }
    }

    /** The key is still in memory: after the files are gone it is pending again. */
    @Override
    public boolean unstore(StoredCertificate stored, PendingKey key) throws IamException {
        synchronized (this.lock) {
            remove(stored.certUrl(), stored.keyUrl());
            this.pending.put(key.id(), key);
        }
        return true;
    }

    @Override
    public void remove(String certUrl, String keyUrl) throws IamException {
        checkOpen();
        boolean noCert = certUrl == null || certUrl.isBlank();
        boolean noKey = keyUrl == null || keyUrl.isBlank();
        if (noCert && noKey) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "neither certificate nor key URL to remove");
        }
        List<Path> targets = new ArrayList<>(2);
        if (!noCert) {
            targets.add(this.layout.certPath(certUrl));
        }
        if (!noKey) {
            targets.add(this.layout.keyPath(keyUrl));
        }
        synchronized (this.lock) {
            boolean removed = false;
            try {
                for (Path file : targets) {
                    removed |= Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new IamException(ErrorCode.RUNTIME, "cannot remove " + targets + " from soft store " + type()
                        + ": " + e, e);
            }
            if (!removed) {
                throw new IamException(ErrorCode.NOT_FOUND, "soft store " + type() + " holds none of " + targets);
            }
            SecureFiles.syncDirectory(this.layout.dir());
            LOG.info("soft store {}: {} removed", type(), targets);
        }
    }

    @Override
    public List<StoredEntry> list() throws IamException {
        checkOpen();
        synchronized (this.lock) { // never show a store() half-way: its key without its certificate
            try {
                return StoreEntries.list(this.layout, this.codec);
            } catch (IOException e) {
                throw new IamException(ErrorCode.RUNTIME, "cannot list soft store " + type() + ": " + e, e);
            }
        }
    }

    @Override
    public TlsKey load(String certUrl, String keyUrl) throws IamException {
        checkOpen();
        Path keyFile = this.layout.keyPath(keyUrl);
        List<X509Certificate> chain = this.files.chain(this.layout.certPath(certUrl));
        return new TlsKey(this.files.key(keyFile), this.provider.get(), chain);
    }

    @Override
    public List<X509Certificate> certificates(String certUrl) throws IamException {
        checkOpen();
        return this.files.chain(this.layout.certPath(certUrl));
    }

    @Override
    public void close() {
        this.closed = true;
        synchronized (this.lock) {
            this.pending.clear();
        }
        this.onClose.accept(this);
    }

    private void checkOpen() throws IamException {
        if (this.closed) {
            throw new IamException(ErrorCode.UNAVAILABLE, "soft store " + type() + " is closed");
        }
    }

    private String hex(int bytes) {
        byte[] value = new byte[bytes];
        this.random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private String type() {
        return this.layout.certType();
    }
}
