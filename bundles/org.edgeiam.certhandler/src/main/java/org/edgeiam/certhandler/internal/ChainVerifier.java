package org.edgeiam.certhandler.internal;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

/**
 * Checks a chain before anything is stored (AosEdge only follows issuer names): every
 * certificate must be issued and signed by the next one, a self-issued last certificate must
 * verify with its own key, and the leaf must be within its validity period.
 */
final class ChainVerifier {
    private ChainVerifier() {
    }

    static void verify(List<X509Certificate> chain, Instant now) throws IamException {
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate cert = chain.get(i);
            boolean last = i == chain.size() - 1;
            X509Certificate issuer = last ? cert : chain.get(i + 1);
            if (last && !cert.getIssuerX500Principal().equals(cert.getSubjectX500Principal())) {
                break; // the chain ends below its root: nothing to verify the last one with
            }
            if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                throw new IamException(ErrorCode.INVALID_ARGUMENT, "certificate " + (i + 1) + " ("
                        + cert.getSubjectX500Principal() + ") is issued by " + cert.getIssuerX500Principal()
                        + ", but the next certificate is " + issuer.getSubjectX500Principal());
            }
            try {
                cert.verify(issuer.getPublicKey(), Crypto.BC);
            } catch (GeneralSecurityException | RuntimeException e) {
                // BouncyCastle reports some malformed signatures as IllegalStateException (PemFuzzTest)
                throw new IamException(ErrorCode.INVALID_CHECKSUM, "the signature of certificate " + (i + 1) + " ("
                        + cert.getSubjectX500Principal() + ") does not verify with the key of "
                        + issuer.getSubjectX500Principal() + ": " + e.getMessage());
            }
        }
        X509Certificate leaf = chain.get(0);
        try {
            leaf.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new IamException(ErrorCode.OUT_OF_RANGE,
                    "the certificate " + leaf.getSubjectX500Principal() + " expired at " + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new IamException(ErrorCode.OUT_OF_RANGE, "the certificate " + leaf.getSubjectX500Principal()
                    + " is not valid before " + leaf.getNotBefore().toInstant());
        }
    }
}
