package org.edgeiam.certhandler.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.api.cert.CertListener;
import org.edgeiam.api.cert.CertModuleInfo;
import org.edgeiam.spi.keystore.TlsKey;
import org.edgeiam.spi.storage.Storage;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CertHandler} service: routes each call to the {@link CertModule} of its cert type.
 * Modules come and go with their configurations.
 */
@Component(immediate = true)
public class CertHandlerImpl implements CertHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CertHandlerImpl.class);

    private final Map<String, CertModule> modules = new ConcurrentHashMap<>();
    /** How long a cert type whose module went away counts as being replaced (UNAVAILABLE, not unknown). */
    static final long REPLACING_MS = 10_000;

    private final TypeSubscriptions subscriptions = new TypeSubscriptions();
    /** Cert types whose module went away, with the System.nanoTime() it went: replaced or removed. */
    private final Map<String, Long> goneAt = new ConcurrentHashMap<>();
    private volatile Storage storage;
    /** The revoked certificates read when the database last went away; null before that. */
    private volatile java.util.Set<String> revokedWhileAway;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addModule(CertModule module) {
        CertModule previous = modules.putIfAbsent(module.certType(), module);
        if (previous != null && previous != module) {
            LOG.error("cert type {} is configured twice: the second configuration is ignored", module.certType());
        } else {
            subscriptions.moduleAdded(module);
        }
    }

    void removeModule(CertModule module) {
        if (modules.remove(module.certType(), module)) {
            goneAt.put(module.certType(), System.nanoTime());
            subscriptions.moduleRemoved(module);
        }
    }

    @Override
    public List<String> certTypes() {
        List<String> types = new ArrayList<>(modules.keySet());
        Collections.sort(types);
        return types;
    }

    @Override
    public CertModuleInfo moduleInfo(String certType) throws IamException {
        return module(certType).info();
    }

    @Override
    public void setOwner(String certType, String password) throws IamException {
        module(certType).setOwner(password);
    }

    @Override
    public boolean checkOwner(String certType, String password) throws IamException {
        return module(certType).checkOwner(password);
    }

    @Override
    public void clear(String certType) throws IamException {
        module(certType).clear();
    }

    @Override
    public String createKey(String certType, String subject, String password) throws IamException {
        return module(certType).createKey(subject);
    }

    @Override
    public CertInfo applyCertificate(String certType, String pemChain) throws IamException {
        return module(certType).applyCertificate(pemChain);
    }

    @Override
    public CertInfo createSelfSignedCertificate(String certType) throws IamException {
        return module(certType).createSelfSigned();
    }

    @Override
    public CertInfo getCertificate(String certType, byte[] issuer, byte[] serial) throws IamException {
        if (serial != null && serial.length > 0) {
            // an exact look-up does not depend on the type (as AosEdge)
            CertModule any = modules.get(certType);
            if (any == null) {
                any = modules.values().stream().findFirst().orElseThrow(() -> unknown(certType));
            }
            return any.getCertificate(issuer, serial);
        }
        return module(certType).getCertificate(issuer, serial);
    }

    @Override
    public List<CertInfo> getCertificates(String certType) throws IamException {
        return module(certType).getCertificates();
    }

    @Override
    public Subscription subscribeCertChanged(String certType, CertListener listener) throws IamException {
        if (certType == null || certType.isEmpty()) {
            throw unknown(certType);
        }
        return subscriptions.add(certType, listener);
    }

    @Override
    public TlsKey currentTlsKey(String certType) throws IamException {
        return module(certType).currentTlsKey();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindStorage(Storage s) {
        storage = s;
    }

    /**
     * The database is going (upgrade, restart, failure): its revocation list is copied first, so
     * that client certificates can still be checked meanwhile. Nothing is revoked while it is
     * away: revoking needs it.
     */
    void unbindStorage(Storage s) {
        if (storage != s) {
            return;
        }
        try {
            java.util.Set<String> keys = new java.util.HashSet<>();
            for (CertInfo c : s.getRevokedCerts()) {
                keys.add(key(c.issuer(), c.serial()));
            }
            revokedWhileAway = keys;
        } catch (IamException | RuntimeException e) {
            LOG.warn("revocation list not copied before the database went away: {}", e.toString());
        }
        storage = null;
    }

    @Override
    public boolean isRevoked(byte[] issuer, byte[] serial) throws IamException {
        Storage db = storage;
        if (db != null) {
            return db.isRevoked(issuer, serial);
        }
        java.util.Set<String> copy = revokedWhileAway;
        if (copy == null) {
            throw new IamException(ErrorCode.UNAVAILABLE, "revoked certificates cannot be checked: the database is"
                    + " not running");
        }
        return copy.contains(key(issuer, serial));
    }

    private static String key(byte[] issuer, byte[] serial) {
        java.util.HexFormat hex = java.util.HexFormat.of();
        return hex.formatHex(issuer) + ':' + hex.formatHex(serial);
    }

    private CertModule module(String certType) throws IamException {
        CertModule module = certType == null ? null : modules.get(certType);
        if (module == null) {
            Long gone = goneAt.get(certType == null ? "" : certType);
            if (gone != null && System.nanoTime() - gone < java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(REPLACING_MS)) {
                // a configuration update replaces the module: callers may wait for the new one
                throw new IamException(ErrorCode.UNAVAILABLE, "cert type '" + certType + "' is being reconfigured");
            }
            throw unknown(certType);
        }
        return module;
    }

    private static IamException unknown(String certType) {
        return new IamException(ErrorCode.NOT_FOUND, "unknown cert type '" + certType + "'");
    }
}
