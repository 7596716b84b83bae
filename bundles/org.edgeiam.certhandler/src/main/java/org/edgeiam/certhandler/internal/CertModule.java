package org.edgeiam.certhandler.internal;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.api.cert.CertListener;
import org.edgeiam.api.cert.CertModuleInfo;
import org.edgeiam.spi.keystore.KeyStorage;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.PendingKey;
import org.edgeiam.spi.keystore.StoredCertificate;
import org.edgeiam.spi.keystore.TlsKey;
import org.edgeiam.spi.storage.Storage;
import org.edgeiam.util.OrderedListeners;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cert type. Its key storage backend and the database are dynamic: while either is missing
 * the type answers {@code UNAVAILABLE}, and when both are back the store is reopened and
 * validated, with everything it held. A store that does not open for a reason that may pass (a
 * token not plugged in yet) is tried again with back-off ({@link OpenRetry}). All operations on a
 * type are serialised.
 */
@Component(service = CertModule.class, configurationPid = CertModuleConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CertModuleConfig.class, factory = true)
public class CertModule {
    private static final Logger LOG = LoggerFactory.getLogger(CertModule.class);
    private static final int MAX_PENDING_KEYS = 5;
    /** First pause before opening a store again, and the longest one (it doubles in between). */
    private static final long RETRY_FIRST_MS = 1_000;
    private static final long RETRY_MAX_MS = 60_000;

    private final ModuleSettings settings;
    private final Deque<PendingKey> pending = new ArrayDeque<>();
    private final OrderedListeners<CertListener, CertInfo> listeners;
    private final OpenRetry retry;
    private volatile KeyStorage backend;
    private volatile ModuleStore store;
    private volatile Storage storage;
    private volatile String problem = "";
    /** The current certificate as last read or written; null when it must be read again. */
    private volatile CertInfo current;
    private boolean deactivated;

    /**
     * @param config the module configuration
     * @param props all configuration properties (the backend parameters among them)
     * @throws IamException {@code INVALID_ARGUMENT} naming a bad setting
     */
    @Activate
    public CertModule(CertModuleConfig config, Map<String, Object> props) throws IamException {
        this(config, props, RETRY_FIRST_MS, RETRY_MAX_MS);
    }

    /** With other retry pauses, for tests. */
    CertModule(CertModuleConfig config, Map<String, Object> props, long retryFirstMs, long retryMaxMs)
            throws IamException {
        this.settings = ModuleSettings.from(config, props);
        this.listeners = new OrderedListeners<>("cert-" + settings.certType(), CertListener::certChanged);
        this.retry = new OpenRetry(settings.certType(), retryFirstMs, retryMaxMs);
        this.problem = "key storage plugin '" + settings.plugin() + "' is not running";
    }

    String certType() {
        return settings.certType();
    }

    ModuleSettings settings() {
        return settings;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindKeyStorage(KeyStorage candidate, Map<String, Object> props) {
        if (backend == null && settings.plugin().equals(props.get(KeyStorage.PLUGIN))) {
            backend = candidate;
            open(candidate);
        }
    }

    /**
     * Opens the store, validates it and announces the current certificate. A failure other than
     * a bad parameter ({@code INVALID_ARGUMENT}) is retried.
     */
    private void open(KeyStorage candidate) {
        try {
            store = candidate.open(settings.certType(), settings.params());
        } catch (IamException e) {
            problem = "cannot open its key store: " + e.getMessage();
            if (e.code() == ErrorCode.INVALID_ARGUMENT) {
                LOG.error("cert type {}: {}", settings.certType(), problem);
            } else {
                long pause = retry.failed(e.getMessage(), () -> openAgain(candidate));
                problem += " (trying again in " + pause + " ms)";
            }
            return;
        }
        retry.succeeded();
        problem = "";
        LOG.info("cert type {}: key store opened ({})", settings.certType(), candidate.describe());
        validate();
        announceCurrent();
    }

    private synchronized void openAgain(KeyStorage candidate) {
        if (!deactivated && backend == candidate && store == null) {
            open(candidate);
        }
    }

    synchronized void unbindKeyStorage(KeyStorage gone) {
        if (backend == gone) {
            retry.reset();
            closeStore();
            backend = null;
            problem = "key storage plugin '" + settings.plugin() + "' is not running";
            LOG.warn("cert type {}: {}", settings.certType(), problem);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindStorage(Storage s) {
        storage = s;
        current = null;
        validate();
        announceCurrent();
    }

    /** Once key store and database are both there, listeners hear of the current certificate. */
    private void announceCurrent() {
        Storage db = storage;
        if (store == null || db == null) {
            return;
        }
        try {
            current(db).ifPresent(listeners::notifyChanged);
        } catch (IamException e) {
            LOG.warn("cert type {}: current certificate not read: {}", settings.certType(), e.getMessage());
        }
    }

    synchronized void unbindStorage(Storage s) {
        if (storage == s) {
            storage = null;
            current = null;
        }
    }

    private void validate() {
        ModuleStore st = store;
        Storage db = storage;
        if (st == null || db == null || settings.skipValidation()) {
            return;
        }
        try {
            if (st.isOwned()) {
                current = null;
                int changes = StartupValidation.run(settings.certType(), st, db);
                LOG.info("cert type {}: key store and database checked, {} fixes", settings.certType(), changes);
            }
        } catch (IamException e) {
            LOG.error("cert type {}: validation failed: {}", settings.certType(), e.getMessage());
        }
    }

    synchronized CertModuleInfo info() {
        boolean owned = false;
        try {
            owned = store != null && store.isOwned();
        } catch (IamException e) {
            LOG.debug("cert type {}: ownership unknown: {}", settings.certType(), e.getMessage());
        }
        return new CertModuleInfo(settings.certType(), settings.plugin(), settings.algorithmName(), settings.maxItems(),
                settings.selfSigned(), store != null, owned, problem, settings.extendedKeyUsage(),
                settings.alternativeNames());
    }

    synchronized void setOwner(String password) throws IamException {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try {
            dropPending();
            store().setOwner(secret);
            LOG.info("cert type {}: key store owned", settings.certType());
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /** @return whether the store has an owner, whose password {@code password} is */
    synchronized boolean checkOwner(String password) throws IamException {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try {
            boolean owned = store().checkOwner(secret);
            LOG.debug("cert type {}: {}", settings.certType(), owned ? "owner password checked" : "no owner to check");
            return owned;
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    synchronized void clear() throws IamException {
        ModuleStore st = store();
        Storage db = storage();
        dropPending();
        current = null;
        st.clear();
        db.removeAllCertsInfo(settings.certType());
        LOG.info("cert type {}: keys, certificates and their metadata removed", settings.certType());
    }

    synchronized String createKey(String subject) throws IamException {
        if (subject == null || subject.isBlank()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "subject can't be empty");
        }
        PendingKey key = newPendingKey();
        try {
            return Csr.build(key, subject, settings.alternativeNames(), settings.extendedKeyUsage());
        } catch (IamException e) {
            pending.remove(key);
            store().discard(key);
            throw e;
        }
    }

    synchronized CertInfo createSelfSigned() throws IamException {
        if (!settings.selfSigned()) {
            throw new IamException(ErrorCode.WRONG_STATE, "cert type " + settings.certType() + " is not self-signed");
        }
        PendingKey key = newPendingKey();
        X509Certificate cert = Csr.selfSigned(key, Instant.now());
        return apply(List.of(cert));
    }

    synchronized CertInfo applyCertificate(String pemChain) throws IamException {
        List<X509Certificate> chain = Pem.parseChain(pemChain);
        ChainVerifier.verify(chain, Instant.now());
        return apply(chain);
    }

    private CertInfo apply(List<X509Certificate> chain) throws IamException {
        ModuleStore st = store();
        Storage db = storage();
        X509Certificate leaf = chain.get(0);
        PendingKey key = pending.stream()
                .filter(k -> Arrays.equals(k.publicKey().getEncoded(), leaf.getPublicKey().getEncoded())).findFirst()
                .orElseThrow(() -> new IamException(ErrorCode.NOT_FOUND, "no pending key of cert type "
                        + settings.certType() + " matches the certificate " + leaf.getSubjectX500Principal()
                        + " (call CreateKey first; a pending key is kept until " + MAX_PENDING_KEYS + " newer ones exist)"));
        Optional<CertInfo> before = current(db);
        current = null;
        StoredCertificate stored = st.store(key, chain);
        CertInfo info = info(settings.certType(), leaf, stored.certUrl(), stored.keyUrl());
        try {
            db.addCertInfo(info);
        } catch (IamException e) {
            if (!st.unstore(stored, key)) {
                pending.remove(key);
                throw new IamException(e.code(), e.getMessage() + " (the key was removed with the certificate:"
                        + " call CreateKey again)", e);
            }
            throw e;
        }
        pending.remove(key);
        trim(st, db, info);
        Optional<CertInfo> after = current(db);
        current = after.orElse(null);
        if (after.isPresent() && !after.equals(before)) {
            listeners.notifyChanged(after.get());
        }
        LOG.info("cert type {}: certificate {} applied, valid until {}", settings.certType(), info.serialHex(),
                info.notAfter());
        return info;
    }

    /** Keeps maxItems certificates: the new one always, the others by latest notAfter (as AosEdge). */
    private void trim(ModuleStore st, Storage db, CertInfo added) throws IamException {
        List<CertInfo> certs = new java.util.ArrayList<>(db.getCertsInfo(settings.certType()));
        certs.removeIf(c -> c.certUrl().equals(added.certUrl()));
        certs.sort(Comparator.comparing(CertInfo::notAfter));
        for (int i = 0; certs.size() + 1 - i > settings.maxItems(); i++) {
            CertInfo old = certs.get(i);
            // revoked first: killed in between, the key is an orphan that start-up removes, never a live row
            revoke(db, old);
            st.remove(old.certUrl(), old.keyUrl());
            LOG.info("cert type {}: certificate {} (valid until {}) trimmed and revoked", settings.certType(),
                    old.serialHex(), old.notAfter());
        }
    }

    /** Drops the row and records the certificate as revoked; a storage without revocations only drops it. */
    private void revoke(Storage db, CertInfo old) throws IamException {
        try {
            db.revokeCertInfo(old);
        } catch (IamException e) {
            if (e.code() != ErrorCode.NOT_SUPPORTED) {
                throw e;
            }
            LOG.warn("cert type {}: the storage keeps no revocation list; certificate {} is removed but a client"
                    + " presenting it is still accepted", settings.certType(), old.serialHex());
            db.removeCertInfo(settings.certType(), old.certUrl());
        }
    }

    /** The current certificate is served from memory (GetCert is the hot path); writes reset it. */
    CertInfo getCertificate(byte[] issuer, byte[] serial) throws IamException {
        if (serial == null || serial.length == 0) {
            CertInfo cached = current;
            if (cached != null && storage != null) {
                return cached;
            }
            synchronized (this) {
                CertInfo now = current(storage()).orElseThrow(() -> new IamException(ErrorCode.NOT_FOUND,
                        "cert type " + settings.certType() + " has no certificate"));
                current = now;
                return now;
            }
        }
        return storage().getCertInfo(issuer, serial);
    }

    synchronized List<CertInfo> getCertificates() throws IamException {
        return storage().getCertsInfo(settings.certType());
    }

    synchronized TlsKey currentTlsKey() throws IamException {
        CertInfo cert = getCertificate(new byte[0], new byte[0]);
        return store().load(cert.certUrl(), cert.keyUrl());
    }

    Subscription subscribe(CertListener listener) {
        return listeners.add(listener);
    }

    /**
     * Subscribes a listener that waited for this module (it subscribed to the type before the
     * module came): it is told of the current certificate at once if key store and database are
     * there already, since it missed that announcement.
     */
    synchronized Subscription subscribeLate(CertListener listener) {
        Subscription subscription = listeners.add(listener);
        Storage db = storage;
        if (store != null && db != null) {
            try {
                current(db).ifPresent(cert -> listeners.notifyOne(subscription, cert));
            } catch (IamException e) {
                LOG.warn("cert type {}: current certificate not read: {}", settings.certType(), e.getMessage());
            }
        }
        return subscription;
    }

    private PendingKey newPendingKey() throws IamException {
        ModuleStore st = store();
        PendingKey key = st.generateKey(settings.algorithm());
        pending.addLast(key);
        if (pending.size() > MAX_PENDING_KEYS) {
            PendingKey oldest = pending.removeFirst();
            st.discard(oldest);
            LOG.info("cert type {}: oldest pending key {} dropped", settings.certType(), oldest.id());
        }
        return key;
    }

    private Optional<CertInfo> current(Storage db) throws IamException {
        return db.getCertsInfo(settings.certType()).stream().max(Comparator.comparing(CertInfo::notAfter));
    }

    private ModuleStore store() throws IamException {
        ModuleStore st = store;
        if (st == null) {
            throw new IamException(ErrorCode.UNAVAILABLE, "cert module " + settings.certType() + " is unavailable: " + problem);
        }
        return st;
    }

    private Storage storage() throws IamException {
        Storage db = storage;
        if (db == null) {
            throw new IamException(ErrorCode.UNAVAILABLE, "storage is not available");
        }
        return db;
    }

    private void dropPending() {
        ModuleStore st = store;
        for (PendingKey key : pending) {
            try {
                if (st != null) {
                    st.discard(key);
                }
            } catch (IamException e) {
                LOG.debug("cert type {}: pending key {} not discarded: {}", settings.certType(), key.id(), e.getMessage());
            }
        }
        pending.clear();
    }

    private void closeStore() {
        pending.clear();
        if (store != null) {
            store.close();
            store = null;
        }
    }

    @Deactivate
    synchronized void deactivate() {
        deactivated = true;
        retry.close();
        closeStore();
        listeners.close();
    }

    static CertInfo info(String certType, X509Certificate cert, String certUrl, String keyUrl) {
        return new CertInfo(certType, cert.getIssuerX500Principal().getEncoded(), cert.getSerialNumber().toByteArray(),
                certUrl, keyUrl, cert.getNotAfter().toInstant());
    }
}
