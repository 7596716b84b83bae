package org.edgeiam.certhandler.internal;

import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.StoredEntry;
import org.edgeiam.spi.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a cert type's key store with the database when both are available: complete
 * certificate+key pairs missing from the database are added, database rows without them are
 * removed, and every orphan (a key without certificate, a certificate without key) is deleted
 * from the store — all of them, where AosEdge stops after the first.
 */
final class StartupValidation {
    private static final Logger LOG = LoggerFactory.getLogger(StartupValidation.class);

    private StartupValidation() {
    }

    /** @return how many items were added, removed or deleted */
    static int run(String certType, ModuleStore store, Storage storage) throws IamException {
        int changes = 0;
        List<StoredEntry> entries = store.list();
        Set<String> valid = new HashSet<>();
        for (StoredEntry e : entries) {
            if (e.isComplete()) {
                valid.add(e.certUrl().get());
            }
        }
        List<CertInfo> rows = storage.getCertsInfo(certType);
        Set<String> known = new HashSet<>();
        for (CertInfo row : rows) {
            if (valid.contains(row.certUrl())) {
                known.add(row.certUrl());
            } else {
                LOG.warn("cert type {}: certificate {} ({}) is not in the configured key store: its database row is"
                        + " removed (a key store that holds it adds it back when it is configured again)", certType,
                        row.serialHex(), row.certUrl());
                storage.removeCertInfo(certType, row.certUrl());
                changes++;
            }
        }
        for (StoredEntry e : entries) {
            if (e.isComplete() && !known.contains(e.certUrl().get())) {
                X509Certificate cert = e.certificate().get();
                storage.addCertInfo(CertModule.info(certType, cert, e.certUrl().get(), e.keyUrl().get()));
                LOG.info("cert type {}: certificate {} found in the store: added to the database", certType,
                        cert.getSerialNumber().toString(16));
                changes++;
            } else if (!e.isComplete()) {
                LOG.warn("cert type {}: orphan in the store (certificate {}, key {}): deleted", certType,
                        e.certUrl().orElse("none"), e.keyUrl().orElse("none"));
                store.remove(e.certUrl().orElse(""), e.keyUrl().orElse(""));
                changes++;
            }
        }
        return changes;
    }
}
