package org.edgeiam.certhandler.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

/** PEM certificate chains in and out, with errors that say what is wrong with the input. */
final class Pem {
    private static final int MAX_CHAIN = 16;
    private static final int MAX_PEM_CHARS = 256 * 1024;

    private Pem() {
    }

    /**
     * @param pem one or more PEM certificates
     * @return the certificates in order
     * @throws IamException {@code INVALID_ARGUMENT} for empty, oversized, non-certificate or
     *         malformed input
     */
    static List<X509Certificate> parseChain(String pem) throws IamException {
        if (pem == null || pem.isBlank()) {
            throw invalid("the certificate chain is empty");
        }
        if (pem.length() > MAX_PEM_CHARS) {
            throw invalid("the certificate chain is larger than " + MAX_PEM_CHARS + " characters");
        }
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(Crypto.BC);
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (!(o instanceof X509CertificateHolder)) {
                    throw invalid("PEM block " + (chain.size() + 1) + " is not a certificate but "
                            + o.getClass().getSimpleName());
                }
                if (chain.size() == MAX_CHAIN) {
                    throw invalid("the chain has more than " + MAX_CHAIN + " certificates");
                }
                chain.add(readable(converter.getCertificate((X509CertificateHolder) o), chain.size() + 1));
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    "malformed PEM certificate " + (chain.size() + 1) + ": " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw invalid("no PEM certificate found");
        }
        return chain;
    }

    /**
     * Decodes the validity and the public key, which {@link ChainVerifier} and the cert module use
     * later: a certificate can parse and still hold a date or a key that does not decode (found by
     * PemFuzzTest). Such a failure is a RuntimeException, reported by {@link #parseChain} as
     * malformed.
     */
    private static X509Certificate readable(X509Certificate cert, int index) throws IamException {
        cert.getNotBefore();
        cert.getNotAfter();
        if (cert.getPublicKey() == null) {
            throw invalid("certificate " + index + " has a public key of an unsupported algorithm");
        }
        return cert;
    }

    /**
     * @param objects certificates or a CSR
     * @return their PEM encoding
     */
    static String write(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new IllegalStateException("PEM encoding failed", e);
        }
        return out.toString();
    }

    private static IamException invalid(String why) {
        return new IamException(ErrorCode.INVALID_ARGUMENT, why);
    }
}
