package org.edgeiam.keystore.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;

import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

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
 * The objects of one cert type on a PKCS#11 token: key pairs and certificates labelled with the
 * cert type and sharing a random 16-byte {@code CKA_ID}, plus the chain certificates it stored
 * (see {@link Clearing}). Key and certificate URLs are the same {@link Pkcs11Url}. Keys generated
 * by this instance and not yet stored are pending: session objects (see {@link PendingKeys}) that
 * become token objects when their certificate is stored. Management calls are serialised; signing
 * with stored keys runs concurrently on pooled sessions.
 */
final class Pkcs11ModuleStore implements ModuleStore {
    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11ModuleStore.class);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final String certType;
    private final ModuleParams params;
    private final TokenSessions sessions;
    private final PinFile pinFile;
    private final Ownership ownership;
    private final TokenProvider provider;
    private final KeyIds ids;
    private final Consumer<Pkcs11ModuleStore> onClose;
    private final PendingKeys pending;

    Pkcs11ModuleStore(String certType, ModuleParams params, Pkcs11Library library, TokenProvider provider,
            KeyIds ids, Consumer<Pkcs11ModuleStore> onClose) {
        this.certType = certType;
        this.params = params;
        this.pinFile = new PinFile(params.userPinPath(), ids.random());
        SlotFinder slots = new SlotFinder(library, params);
        this.sessions = new TokenSessions("cert type " + certType + " (" + params.selection() + ")", library, slots,
                this.pinFile);
        this.ownership = new Ownership(this.sessions, slots, this.pinFile, params.tokenLabel());
        this.provider = provider;
        this.ids = ids;
        this.onClose = onClose;
        this.pending = new PendingKeys(this.sessions, certType, () -> requireOwned(ErrorCode.WRONG_STATE));
    }

    /**
     * Checks that the token can be found. A token that is not found is looked for once more after
     * a rescan (a new {@code C_Initialize}, at most every few seconds): many libraries, SoftHSM2
     * among them, list a token plugged in since their initialisation only then.
     *
     * @throws IamException {@code NOT_FOUND} naming the token, else as the library fails
     */
    void checkToken() throws IamException {
        try {
            this.sessions.token();
        } catch (IamException e) {
            if (e.code() != ErrorCode.NOT_FOUND
                    || !this.sessions.library().rescan("the token of cert type " + this.certType + " was not found")) {
                throw e;
            }
            this.sessions.token();
        }
    }

    @Override
    public boolean isOwned() throws IamException {
        return this.pinFile.exists() && this.sessions.tokenInfo().isTokenInitialized();
    }

    @Override
    public synchronized void setOwner(char[] password) throws IamException {
        this.pending.drop();
        this.ownership.take(password);
    }

    /**
     * {@inheritDoc} An owned token is checked with an SO login that is ended at once (it ends the
     * process's user login too: the pending keys of every type on the token are lost, as with
     * {@link #setOwner}). A PIN file with only an uninitialised token is looked for again once
     * (the token may be back): still none, there is no owner to check.
     */
    @Override
    public synchronized boolean checkOwner(char[] password) throws IamException {
        if (password == null) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "no SO password for cert type " + this.certType);
        }
        if (!this.pinFile.exists() || !tokenInitialised()) {
            return false;
        }
        this.ownership.check(password);
        return true;
    }

    @Override
    public synchronized void clear() throws IamException {
        this.pending.drop();
        if (!isOwned()) {
            return;
        }
        int destroyed = this.sessions.withUser("Clear", s -> Clearing.run(s, this.certType));
        LOG.info("cert type {}: {} token objects destroyed", this.certType, destroyed);
    }

    /**
     * {@inheritDoc} The pair is made of session objects on the session held for pending keys. The
     * token is checked for ownership when that session is opened; while it lives (logged in as
     * user, so the token is initialised), only the PIN file is checked.
     */
    @Override
    public synchronized PendingKey generateKey(KeyAlgorithm algorithm) throws IamException {
        if (!this.pinFile.exists()) {
            throw notOwned(ErrorCode.WRONG_STATE);
        }
        byte[] id = this.ids.next();
        TokenKeys.Generated pair = this.pending.generate(algorithm, id);
        String hex = HEX.formatHex(id);
        LOG.debug("cert type {}: {} key pair {} generated", this.certType, algorithm, hex);
        StoredKeySigner stored = new StoredKeySigner(this.sessions, this.certType, id);
        TokenPrivateKey.RawSigner signer = (mechanism, input) -> {
            Optional<byte[]> signature = this.pending.sign(hex, mechanism, input);
            return signature.isPresent() ? signature.get() : stored.sign(mechanism, input);
        };
        return new PendingKey(hex, algorithm, pair.publicKey(), privateKey(hex, pair.publicKey(), signer),
                this.provider);
    }

    /** {@inheritDoc} Destroys the session objects; a key that is not pending is left alone. */
    @Override
    public synchronized void discard(PendingKey key) {
        this.pending.discard(key.id());
    }

    @Override
    public synchronized StoredCertificate store(PendingKey key, List<X509Certificate> chain) throws IamException {
        requireOwned(ErrorCode.WRONG_STATE);
        if (chain.isEmpty()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "empty certificate chain for key " + key.id());
        }
        if (!Arrays.equals(chain.get(0).getPublicKey().getEncoded(), key.publicKey().getEncoded())) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "the certificate " + chain.get(0).getSubjectX500Principal()
                    + " is not for key " + key.id());
        }
        byte[] id = parseId(key.id());
        String token = tokenLabel();
        List<Long> created = new ArrayList<>();
        try {
            this.pending.persist(key.id(), created,
                    (s, made) -> TypeObjects.storeChain(s, this.certType, id, chain, this.ids, made));
        } catch (IamException e) {
            if (!created.isEmpty()) {
                removeLeftovers(id);
            }
            throw e;
        }
        String url = url(token, id);
        LOG.info("cert type {}: certificate {} stored with {} new issuer certificates", this.certType,
                chain.get(0).getSerialNumber().toString(16), created.size() - 3);
        return new StoredCertificate(url, url);
    }

    /**
     * After a store whose session died half-way: destroys the token objects with the key's id (the
     * key copies, the leaf) on another session. Issuer certificates it stored stay; they are valid
     * chain certificates of this type, reused by the next store and removed by {@link #clear()}.
     */
    private void removeLeftovers(byte[] id) {
        try {
            this.sessions.withUser("removing what a failed store left", s -> TypeObjects.destroy(s, this.certType, id));
        } catch (IamException e) {
            LOG.warn("cert type {}: objects of key {} left on the token by a failed store: {}", this.certType,
                    HEX.formatHex(id), e.getMessage());
        }
    }

    @Override
    public synchronized void remove(String certUrl, String keyUrl) throws IamException {
        Set<ByteBuffer> targets = new LinkedHashSet<>();
        for (String url : new String[] {certUrl, keyUrl}) {
            Pkcs11Url.parse(url).filter(u -> u.object().equals(this.certType))
                    .ifPresent(u -> targets.add(ByteBuffer.wrap(u.id())));
        }
        int destroyed = targets.isEmpty() || !isOwned() ? 0 : this.sessions.withUser("removing objects", s -> {
            int n = 0;
            for (ByteBuffer id : targets) {
                n += TypeObjects.destroy(s, this.certType, id.array());
            }
            return n;
        });
        if (destroyed == 0) {
            throw new IamException(ErrorCode.NOT_FOUND, "cert type " + this.certType + " has nothing at '" + certUrl
                    + "' or '" + keyUrl + "'");
        }
    }

    @Override
    public synchronized List<StoredEntry> list() throws IamException {
        if (!isOwned()) {
            return List.of();
        }
        String token = tokenLabel();
        return this.sessions.withUser("listing objects", s -> TypeObjects.list(s, this.certType, id -> url(token, id)));
    }

    @Override
    public synchronized TlsKey load(String certUrl, String keyUrl) throws IamException {
        byte[] keyId = urlId(keyUrl);
        List<X509Certificate> chain = certificates(certUrl);
        boolean present = this.sessions.withUser("loading key " + keyUrl,
                s -> TokenObjects.find(s, CKO_PRIVATE_KEY, keyId, this.certType).length > 0);
        if (!present) {
            throw new IamException(ErrorCode.NOT_FOUND, "no private key at " + keyUrl);
        }
        return new TlsKey(privateKey(HEX.formatHex(keyId), chain.get(0).getPublicKey(),
                new StoredKeySigner(this.sessions, this.certType, keyId)), this.provider, chain);
    }

    @Override
    public synchronized List<X509Certificate> certificates(String certUrl) throws IamException {
        byte[] id = urlId(certUrl);
        return this.sessions.withUser("reading the chain at " + certUrl,
                s -> ChainReader.read(s, id, this.certType, certUrl));
    }

    @Override
    public void close() {
        this.pending.drop();
        this.sessions.close();
        this.onClose.accept(this);
    }

    private static TokenPrivateKey privateKey(String hex, PublicKey publicKey, TokenPrivateKey.RawSigner signer) {
        return publicKey instanceof ECPublicKey
                ? TokenPrivateKey.ec(hex, ((ECPublicKey) publicKey).getParams(), signer)
                : TokenPrivateKey.rsa(hex, ((RSAPublicKey) publicKey).getModulus(), signer);
    }

    private String tokenLabel() throws IamException {
        return SlotFinder.label(this.sessions.tokenInfo());
    }

    private String url(String token, byte[] id) {
        return new Pkcs11Url(token, this.certType, id).format(
                this.params.modulePathInUrl() ? Optional.of(this.params.library().toString()) : Optional.empty(),
                this.pinFile.exists() ? Optional.of(this.pinFile.path().toString()) : Optional.empty());
    }

    private byte[] urlId(String url) throws IamException {
        return Pkcs11Url.parse(url).filter(u -> u.object().equals(this.certType)).map(Pkcs11Url::id)
                .orElseThrow(() -> new IamException(ErrorCode.NOT_FOUND, "'" + url + "' names no object of cert type "
                        + this.certType));
    }

    private byte[] parseId(String hex) throws IamException {
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "'" + hex + "' is no key id of this store");
        }
    }

    /**
     * A store with a user PIN file whose labelled token is not found (only an uninitialised one
     * is) lost its token: that is {@code UNAVAILABLE}, not a reason to take a new token. Many
     * libraries (SoftHSM2 among them) list a token that was put back only after a new
     * {@code C_Initialize}, so the library is restarted first, at most every few seconds.
     */
    private void requireOwned(ErrorCode code) throws IamException {
        if (!this.pinFile.exists()) {
            throw notOwned(code);
        }
        if (!tokenInitialised()) {
            throw new IamException(ErrorCode.UNAVAILABLE, "the token of cert type " + this.certType + " ("
                    + this.params.selection() + ") is not present: its user PIN file is there, but only an"
                    + " uninitialised token is found; is it plugged in?");
        }
    }

    /** @return whether the token is initialised, after a rescan if at first it is not */
    private boolean tokenInitialised() throws IamException {
        return this.sessions.tokenInfo().isTokenInitialized()
                || (this.sessions.library().rescan("the token of cert type " + this.certType + " is not present")
                        && this.sessions.tokenInfo().isTokenInitialized());
    }

    private IamException notOwned(ErrorCode code) {
        return new IamException(code, "the token of cert type " + this.certType + " (" + this.params.selection()
                + ") is not owned: call SetOwner first");
    }
}
