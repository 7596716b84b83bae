package org.edgeiam.keystore.pkcs11.internal;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.SignatureException;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECParameterSpec;

import org.edgeiam.api.IamException;
import org.xipki.pkcs11.wrapper.Mechanism;

/**
 * A private key that stays on the token: a reference to the key object (by {@code CKA_ID} and
 * label) and the store that signs with it. It has no encoding. EC keys are {@link ECKey}s and RSA
 * keys {@link RSAKey}s, so that code choosing a signature scheme (a TLS engine) sees the curve or
 * the key size. Only {@link TokenProvider} signs with it.
 */
abstract class TokenPrivateKey implements PrivateKey {
    private static final long serialVersionUID = 1L;

    /** Signs prepared input with a raw mechanism on the token. */
    interface RawSigner {
        byte[] sign(Mechanism mechanism, byte[] input) throws IamException;
    }

    private final String algorithm;
    private final String id;
    private final transient RawSigner signer;

    TokenPrivateKey(String algorithm, String id, RawSigner signer) {
        this.algorithm = algorithm;
        this.id = id;
        this.signer = signer;
    }

    static TokenPrivateKey ec(String id, ECParameterSpec params, RawSigner signer) {
        return new Ec(id, params, signer);
    }

    static TokenPrivateKey rsa(String id, BigInteger modulus, RawSigner signer) {
        return new Rsa(id, modulus, signer);
    }

    /** @return the key id, upper-case hex of {@code CKA_ID} */
    String id() {
        return this.id;
    }

    byte[] sign(Mechanism mechanism, byte[] input) throws SignatureException {
        if (this.signer == null) {
            throw new SignatureException("token key " + this.id + " was deserialised and cannot sign");
        }
        try {
            return this.signer.sign(mechanism, input);
        } catch (IamException e) {
            throw new SignatureException("token key " + this.id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String getAlgorithm() {
        return this.algorithm;
    }

    /** @return {@code null}: the key never leaves the token */
    @Override
    public String getFormat() {
        return null;
    }

    /** @return {@code null}: the key never leaves the token */
    @Override
    public byte[] getEncoded() {
        return null;
    }

    @Override
    public String toString() {
        return "PKCS#11 " + this.algorithm + " private key " + this.id;
    }

    /** An EC key on the token. */
    private static final class Ec extends TokenPrivateKey implements ECKey {
        private static final long serialVersionUID = 1L;
        private final transient ECParameterSpec params;

        Ec(String id, ECParameterSpec params, RawSigner signer) {
            super("EC", id, signer);
            this.params = params;
        }

        @Override
        public ECParameterSpec getParams() {
            return this.params;
        }
    }

    /** An RSA key on the token. */
    private static final class Rsa extends TokenPrivateKey implements RSAKey {
        private static final long serialVersionUID = 1L;
        private final BigInteger modulus;

        Rsa(String id, BigInteger modulus, RawSigner signer) {
            super("RSA", id, signer);
            this.modulus = modulus;
        }

        @Override
        public BigInteger getModulus() {
            return this.modulus;
        }
    }
}
