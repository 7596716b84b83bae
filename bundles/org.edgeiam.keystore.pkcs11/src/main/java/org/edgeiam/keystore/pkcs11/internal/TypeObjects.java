package org.edgeiam.keystore.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.edgeiam.spi.keystore.StoredEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * The token objects of one cert type on a session: grouping them into entries by {@code CKA_ID},
 * storing a chain for a key, destroying the objects of an id.
 */
final class TypeObjects {
    private static final Logger LOG = LoggerFactory.getLogger(TypeObjects.class);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final long[] CLASSES = {CKO_CERTIFICATE, CKO_PRIVATE_KEY, CKO_PUBLIC_KEY};

    private TypeObjects() {
    }

    /**
     * @param url the URL of an id
     * @return complete entries, certificates without key and keys without certificate (token
     *         objects only: pending keys are session objects)
     */
    static List<StoredEntry> list(Session s, String certType, Function<byte[], String> url) throws PKCS11Exception {
        Map<String, long[]> byId = new LinkedHashMap<>(); // id → handles of certificate, private, public key
        for (int i = 0; i < CLASSES.length; i++) {
            for (TokenObjects.Item item : TokenObjects.find(s, CLASSES[i], certType)) {
                byId.computeIfAbsent(HEX.formatHex(item.id()), k -> new long[] {-1, -1, -1})[i] = item.handle();
            }
        }
        List<StoredEntry> entries = new ArrayList<>();
        for (Map.Entry<String, long[]> e : byId.entrySet()) {
            Optional<String> at = Optional.of(url.apply(HEX.parseHex(e.getKey())));
            long[] h = e.getValue();
            if (h[0] >= 0) {
                entries.add(new StoredEntry(at, h[1] >= 0 ? at : Optional.empty(), TokenObjects.certificate(s, h[0])));
            } else {
                entries.add(new StoredEntry(Optional.empty(), at, Optional.empty()));
            }
        }
        return entries;
    }

    /**
     * Stores the leaf with the key's id and label and every issuer not on the token yet (by issuer
     * and serial number) with a new id and the chain label.
     *
     * @param created the handles made are added to it; the caller destroys them if a later step
     *        fails
     */
    static void storeChain(Session s, String certType, byte[] id, List<X509Certificate> chain, KeyIds ids,
            List<Long> created) throws PKCS11Exception {
        created.add(TokenObjects.createCertificate(s, chain.get(0), id, certType));
        for (X509Certificate issuer : chain.subList(1, chain.size())) {
            if (!TokenObjects.hasCertificate(s, issuer)) {
                created.add(TokenObjects.createCertificate(s, issuer, ids.next(), Clearing.chainLabel(certType)));
            }
        }
    }

    /** Destroys the certificate and keys with this id and label; the count destroyed. */
    static int destroy(Session s, String certType, byte[] id) throws PKCS11Exception {
        int n = 0;
        for (long objectClass : CLASSES) {
            n += TokenObjects.destroy(s, TokenObjects.find(s, objectClass, id, certType));
        }
        return n;
    }

    /**
     * Destroys objects and takes them off the list; those that cannot be destroyed stay on it.
     */
    static void destroyQuietly(Session s, List<Long> handles) {
        for (Iterator<Long> it = handles.iterator(); it.hasNext();) {
            long handle = it.next();
            try {
                s.destroyObject(handle);
                it.remove();
            } catch (PKCS11Exception e) {
                LOG.debug("object {} not destroyed: {}", handle, Pkcs11Errors.name(e));
            }
        }
    }
}
