package org.edgeiam.keystore.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_ECDSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_RSA_PKCS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_RSA_PKCS_PSS;

import java.io.IOException;
import java.math.BigInteger;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.interfaces.ECKey;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.xipki.pkcs11.wrapper.Mechanism;

/**
 * Signatures with a {@link TokenPrivateKey}: the message is hashed in Java and only the hash goes
 * to the token, with the raw mechanisms every token has. ECDSA uses {@code CKM_ECDSA} and turns
 * the token's r‖s into DER; RSA PKCS#1 v1.5 sends the DER DigestInfo with {@code CKM_RSA_PKCS};
 * {@code RSASSA-PSS} (parameters set through {@code setParameter}, SHA-2 with MGF1 of the same
 * hash) uses {@code CKM_RSA_PKCS_PSS}. Signing only: verify with the default providers.
 */
final class TokenSignatureSpi extends SignatureSpi {
    /** The algorithms {@link TokenProvider} offers. */
    static final List<String> ALGORITHMS = List.of("SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA",
            "SHA256withRSA", "SHA384withRSA", "SHA512withRSA", "RSASSA-PSS");

    private final String algorithm;
    private MessageDigest digest;
    private PssMechanism pss;
    private TokenPrivateKey key;

    TokenSignatureSpi(String algorithm) throws NoSuchAlgorithmException {
        this.algorithm = algorithm;
        if (!algorithm.equals("RSASSA-PSS")) {
            this.digest = MessageDigest.getInstance(algorithm.substring(0, algorithm.indexOf("with")).replace("SHA", "SHA-"));
        }
    }

    private boolean ecdsa() {
        return this.algorithm.endsWith("ECDSA");
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        if (!(privateKey instanceof TokenPrivateKey)) {
            throw new InvalidKeyException(this.algorithm + " of " + TokenProvider.NAME + " signs with token keys only");
        }
        String keyAlgorithm = ecdsa() ? "EC" : "RSA";
        if (!keyAlgorithm.equals(privateKey.getAlgorithm())) {
            throw new InvalidKeyException(this.algorithm + " needs an " + keyAlgorithm + " key, not " + privateKey);
        }
        this.key = (TokenPrivateKey) privateKey;
        if (this.digest != null) {
            this.digest.reset();
        }
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        throw new InvalidKeyException(TokenProvider.NAME + " only signs: verify with the default providers");
    }

    @Override
    protected void engineSetParameter(AlgorithmParameterSpec params) throws InvalidAlgorithmParameterException {
        if (!this.algorithm.equals("RSASSA-PSS")) {
            if (params != null) {
                throw new InvalidAlgorithmParameterException(this.algorithm + " takes no parameters");
            }
            return;
        }
        PssMechanism mechanism = PssMechanism.of(params);
        try {
            this.digest = MessageDigest.getInstance(mechanism.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new InvalidAlgorithmParameterException(e);
        }
        this.pss = mechanism;
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        digest().update(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        digest().update(b, off, len);
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        if (this.key == null) {
            throw new SignatureException("not initialised for signing");
        }
        byte[] hash = digest().digest();
        if (ecdsa()) {
            return der(this.key.sign(new Mechanism(CKM_ECDSA), truncate(hash)));
        }
        if (this.pss != null) {
            return this.key.sign(new Mechanism(CKM_RSA_PKCS_PSS, this.pss.params()), hash);
        }
        try {
            AlgorithmIdentifier hashId = new AlgorithmIdentifier(PssMechanism.oid(this.digest.getAlgorithm()), DERNull.INSTANCE);
            DigestInfo info = new DigestInfo(hashId, hash);
            return this.key.sign(new Mechanism(CKM_RSA_PKCS), info.getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new SignatureException("DigestInfo encoding failed", e);
        }
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
        throw new SignatureException(TokenProvider.NAME + " only signs");
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new UnsupportedOperationException("use setParameter(AlgorithmParameterSpec)");
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new UnsupportedOperationException("use getParameters()");
    }

    private MessageDigest digest() throws SignatureException {
        if (this.digest == null) {
            throw new SignatureException("RSASSA-PSS needs a PSSParameterSpec first");
        }
        return this.digest;
    }

    /** ECDSA uses the leftmost bits of a hash longer than the curve order. */
    private byte[] truncate(byte[] hash) {
        if (this.key instanceof ECKey && ((ECKey) this.key).getParams() != null) {
            int bytes = (((ECKey) this.key).getParams().getOrder().bitLength() + 7) / 8;
            if (hash.length > bytes) {
                return Arrays.copyOf(hash, bytes);
            }
        }
        return hash;
    }

    /** @return the DER SEQUENCE of r and s from the token's r‖s */
    static byte[] der(byte[] raw) throws SignatureException {
        if (raw.length == 0 || raw.length % 2 != 0) {
            throw new SignatureException("the token returned an ECDSA signature of odd length " + raw.length);
        }
        int half = raw.length / 2;
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(raw, 0, half));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(raw, half, raw.length));
        try {
            return new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new SignatureException("DER encoding of an ECDSA signature failed", e);
        }
    }
}
