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
import java.util.concurrent.ConcurrentHashMap;
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
 * by this instance and not yet stored are pending and not listed as orphans. Management calls are
 * serialised; signing with its keys runs concurrently on pooled sessions.
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
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

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
    }

    /** Checks that the token can be found. */
    void checkToken() throws IamException {
        this.sessions.slot();
    }

    @Override
    public boolean isOwned() throws IamException {
        return this.pinFile.exists() && this.sessions.tokenInfo().isTokenInitialized();
    }

    @Override
    public synchronized void setOwner(char[] password) throws IamException {
        for (String id : List.copyOf(this.pending)) {
            try {
                destroyKeyPair(id);
            } catch (IamException e) {
                LOG.debug("cert type {}: pending key {} not destroyed: {}", this.certType, id, e.getMessage());
            }
        }
        this.pending.clear();
        this.ownership.take(password);
    }

    @Override
    public synchronized void clear() throws IamException {
        this.pending.clear();
        if (!isOwned()) {
            return;
        }
        int destroyed = this.sessions.withUser("Clear", s -> Clearing.run(s, this.certType));
        LOG.info("cert type {}: {} token objects destroyed", this.certType, destroyed);
    }

    @Override
    public synchronized PendingKey generateKey(KeyAlgorithm algorithm) throws IamException {
        requireOwned(ErrorCode.WRONG_STATE);
        byte[] id = this.ids.next();
        TokenKeys.Generated pair = this.sessions.withUser("key generation", s -> {
            TypeObjects.destroy(s, this.certType, id); // leftovers of a first attempt whose session died
            return TokenKeys.generate(s, algorithm, id, this.certType);
        });
        String hex = HEX.formatHex(id);
        this.pending.add(hex);
        LOG.debug("cert type {}: {} key pair {} generated", this.certType, algorithm, hex);
        return new PendingKey(hex, algorithm, pair.publicKey(), privateKey(id, pair.publicKey()), this.provider);
    }

    @Override
    public synchronized void discard(PendingKey key) throws IamException {
        this.pending.remove(key.id());
        destroyKeyPair(key.id());
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
        List<Long> created = new ArrayList<>();
        this.sessions.withUser("storing the certificates of key " + key.id(), s -> {
            TypeObjects.storeChain(s, this.certType, id, chain, this.ids, created);
            return null;
        });
        this.pending.remove(key.id());
        String url = url(tokenLabel(), id);
        LOG.info("cert type {}: certificate {} stored with {} new issuer certificates", this.certType,
                chain.get(0).getSerialNumber().toString(16), created.size() - 1);
        return new StoredCertificate(url, url);
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
        targets.forEach(id -> this.pending.remove(HEX.formatHex(id.array())));
    }

    @Override
    public synchronized List<StoredEntry> list() throws IamException {
        if (!isOwned()) {
            return List.of();
        }
        String token = tokenLabel();
        return this.sessions.withUser("listing objects",
                s -> TypeObjects.list(s, this.certType, this.pending, id -> url(token, id)));
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
        return new TlsKey(privateKey(keyId, chain.get(0).getPublicKey()), this.provider, chain);
    }

    @Override
    public synchronized List<X509Certificate> certificates(String certUrl) throws IamException {
        byte[] id = urlId(certUrl);
        return this.sessions.withUser("reading the chain at " + certUrl,
                s -> ChainReader.read(s, id, this.certType, certUrl));
    }

    @Override
    public void close() {
        this.sessions.close();
        this.onClose.accept(this);
    }

    private TokenPrivateKey privateKey(byte[] id, PublicKey publicKey) {
        String hex = HEX.formatHex(id);
        TokenPrivateKey.RawSigner signer = (mechanism, input) -> this.sessions.withUser("signing with key " + hex, s -> {
            long[] handles = TokenObjects.find(s, CKO_PRIVATE_KEY, id, this.certType);
            if (handles.length == 0) {
                throw new IamException(ErrorCode.NOT_FOUND, "cert type " + this.certType + " has no key " + hex);
            }
            return s.signSingle(mechanism, handles[0], input);
        });
        return publicKey instanceof ECPublicKey
                ? TokenPrivateKey.ec(hex, ((ECPublicKey) publicKey).getParams(), signer)
                : TokenPrivateKey.rsa(hex, ((RSAPublicKey) publicKey).getModulus(), signer);
    }

    private void destroyKeyPair(String hex) throws IamException {
        if (isOwned()) {
            byte[] id = parseId(hex);
            this.sessions.withUser("destroying key " + hex, s -> TypeObjects.destroy(s, this.certType, id));
        }
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

    private void requireOwned(ErrorCode code) throws IamException {
        if (!isOwned()) {
            throw new IamException(code, "the token of cert type " + this.certType + " (" + this.params.selection()
                    + ") is not owned: call SetOwner first");
        }
    }
}
