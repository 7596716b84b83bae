package org.edgeiam.keystore.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * Reads a certificate chain from the token: the leaf (by id and cert type label), then each
 * issuer found by {@code CKA_SUBJECT} among all certificates on the token, whatever their label
 * (so chain certificates stored by AosEdge, without label, are found too). Among several
 * certificates with the issuer's name, the one whose key verifies the child wins.
 */
final class ChainReader {
    private static final int MAX_DEPTH = 8;

    private ChainReader() {
    }

    /**
     * @throws IamException {@code NOT_FOUND} if there is no such leaf, {@code RUNTIME} if it does
     *         not parse
     */
    static List<X509Certificate> read(Session session, byte[] id, String label, String url)
            throws PKCS11Exception, IamException {
        long[] leaf = TokenObjects.find(session, CKO_CERTIFICATE, id, label);
        if (leaf.length == 0) {
            throw new IamException(ErrorCode.NOT_FOUND, "no certificate at " + url);
        }
        X509Certificate current = TokenObjects.certificate(session, leaf[0]).orElseThrow(
                () -> new IamException(ErrorCode.RUNTIME, "the certificate at " + url + " does not parse"));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(current);
        while (chain.size() < MAX_DEPTH && !current.getIssuerX500Principal().equals(current.getSubjectX500Principal())) {
            Optional<X509Certificate> issuer = issuer(session, current);
            if (issuer.isEmpty() || chain.contains(issuer.get())) {
                break;
            }
            current = issuer.get();
            chain.add(current);
        }
        return chain;
    }

    private static Optional<X509Certificate> issuer(Session session, X509Certificate child) throws PKCS11Exception {
        X509Certificate first = null;
        for (long handle : TokenObjects.certificatesBySubject(session, child.getIssuerX500Principal().getEncoded())) {
            Optional<X509Certificate> candidate = TokenObjects.certificate(session, handle);
            if (candidate.isEmpty()) {
                continue;
            }
            try {
                child.verify(candidate.get().getPublicKey());
                return candidate;
            } catch (GeneralSecurityException e) {
                first = first == null ? candidate.get() : first;
            }
        }
        return Optional.ofNullable(first);
    }
}
