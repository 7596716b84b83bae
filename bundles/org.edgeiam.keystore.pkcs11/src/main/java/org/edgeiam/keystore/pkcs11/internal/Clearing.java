package org.edgeiam.keystore.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * Removes the objects of one cert type from a token that other cert types may share: the
 * certificates and keys labelled with the cert type, and the chain certificates it stored
 * (labelled {@value #CHAIN_PREFIX}{@code <certType>}) unless a certificate that stays on the token
 * was issued by them. Such a chain certificate passes to the cert type of that certificate (its
 * label changes to that type's chain label), so that clearing the other type removes it later.
 */
final class Clearing {
    /** Label prefix of the chain certificates (issuers) a cert type stored. */
    static final String CHAIN_PREFIX = "chain:";

    private Clearing() {
    }

    static String chainLabel(String certType) {
        return CHAIN_PREFIX + certType;
    }

    /** @return how many objects were destroyed */
    static int run(Session session, String certType) throws PKCS11Exception {
        int destroyed = 0;
        for (long objectClass : new long[] {CKO_CERTIFICATE, CKO_PRIVATE_KEY, CKO_PUBLIC_KEY}) {
            for (TokenObjects.Item item : TokenObjects.find(session, objectClass, certType)) {
                destroyed += TokenObjects.destroy(session, item.handle());
            }
        }
        String ours = chainLabel(certType);
        List<TokenObjects.Item> all = TokenObjects.find(session, CKO_CERTIFICATE, null);
        Set<Long> doomed = new LinkedHashSet<>();
        Map<Long, String> labels = new HashMap<>();
        Map<Long, byte[][]> names = new HashMap<>();
        for (TokenObjects.Item item : all) {
            labels.put(item.handle(), item.label());
            if (item.label().equals(ours)) {
                doomed.add(item.handle());
            }
        }
        if (doomed.isEmpty()) {
            return destroyed;
        }
        for (TokenObjects.Item item : all) {
            names.put(item.handle(), TokenObjects.subjectAndIssuer(session, item.handle()));
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Long issuer : List.copyOf(doomed)) {
                for (TokenObjects.Item child : all) {
                    long h = child.handle();
                    if (h != issuer && !doomed.contains(h) && Arrays.equals(names.get(h)[1], names.get(issuer)[0])) {
                        doomed.remove(issuer);
                        labels.put(issuer, heir(labels.get(h), ours));
                        changed = true;
                        break;
                    }
                }
            }
        }
        for (long handle : doomed) {
            destroyed += TokenObjects.destroy(session, handle);
        }
        for (TokenObjects.Item item : all) {
            String label = labels.get(item.handle());
            if (item.label().equals(ours) && !doomed.contains(item.handle()) && !label.equals(ours)) {
                TokenObjects.relabel(session, item.handle(), label);
            }
        }
        return destroyed;
    }

    /** @return the chain label for an issuer kept for a certificate labelled {@code childLabel} */
    private static String heir(String childLabel, String ours) {
        if (childLabel.startsWith(CHAIN_PREFIX)) {
            return childLabel;
        }
        return childLabel.isEmpty() ? ours : chainLabel(childLabel);
    }
}
