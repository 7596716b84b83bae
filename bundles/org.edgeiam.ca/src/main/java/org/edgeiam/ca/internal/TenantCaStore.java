package org.edgeiam.ca.internal;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.KeyStorage;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.PendingKey;
import org.edgeiam.spi.keystore.StoredEntry;
import org.edgeiam.spi.keystore.TlsKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys and certificates of one tenant's CA, in a store of the configured key storage
 * (cert type {@code tenantca-<tenant>}, folder {@code <store.path>/<tenant>} for the software
 * store). A software store is owned on first use with a random owner password that is not kept:
 * the CA never clears its store. Several certificates live there after renewals.
 */
final class TenantCaStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TenantCaStore.class);

    private final String tenantId;
    private final ModuleStore store;

    private TenantCaStore(String tenantId, ModuleStore store) {
        this.tenantId = tenantId;
        this.store = store;
    }

    static TenantCaStore open(KeyStorage storage, String tenantId, Path base, boolean ownIfNeeded)
            throws IamException {
        Path dir = base.resolve(tenantId);
        ModuleStore store = storage.open("tenantca-" + tenantId, Map.of("storePath", dir.toString(),
                "userPinPath", dir.resolve(".usrpin").toString()));
        try {
            if (!store.isOwned()) {
                if (!ownIfNeeded) {
                    throw new IamException(org.edgeiam.api.ErrorCode.WRONG_STATE, "the key store of tenant "
                            + tenantId + "'s CA is not owned: take ownership of it first");
                }
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                store.setOwner(Base64.getEncoder().encodeToString(secret).toCharArray());
                LOG.info("tenant {}: CA key store at {} created", tenantId, dir);
            }
            return new TenantCaStore(tenantId, store);
        } catch (IamException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * @param now the time
     * @return the CA keys whose certificate is valid now, newest first
     * @throws IamException if the store cannot be read
     */
    List<TlsKey> valid(Instant now) throws IamException {
        List<TlsKey> keys = new ArrayList<>();
        for (StoredEntry e : this.store.list()) {
            if (e.certUrl().isEmpty() || e.keyUrl().isEmpty() || e.certificate().isEmpty()) {
                continue;
            }
            if (e.certificate().get().getNotAfter().toInstant().isAfter(now)) {
                keys.add(this.store.load(e.certUrl().get(), e.keyUrl().get()));
            }
        }
        keys.sort(Comparator.comparing((TlsKey k) -> k.chain().get(0).getNotBefore()).reversed());
        return keys;
    }

    /** @return a new key pair for a CA certificate */
    PendingKey newKey() throws IamException {
        return this.store.generateKey(KeyAlgorithm.ECC_P384);
    }

    /**
     * @param key the pending key
     * @param chain its CA certificate and the platform chain
     * @throws IamException if it cannot be stored (the key is discarded)
     */
    void store(PendingKey key, List<java.security.cert.X509Certificate> chain) throws IamException {
        try {
            this.store.store(key, chain);
        } catch (IamException e) {
            this.store.discard(key);
            throw e;
        }
        LOG.info("tenant {}: CA certificate serial {} valid until {} stored", this.tenantId,
                chain.get(0).getSerialNumber().toString(16), chain.get(0).getNotAfter().toInstant());
    }

    @Override
    public void close() {
        this.store.close();
    }
}
