package org.edgeiam.ca.internal;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

import org.bouncycastle.jcajce.util.BCJcaJceHelper;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

/** The signature algorithm that goes with a CA key, and a signer for it (a token's key through its provider). */
final class Signing {
    /** BouncyCastle's own provider instance, shared by every bundle (never registered globally). */
    static final Provider BC = new BCJcaJceHelper().getProvider();

    private Signing() {
    }

    /**
     * @param key a CA's public key
     * @return SHA384withECDSA for P-384, SHA256withECDSA for P-256, SHA256withRSA, or Ed25519
     */
    static String algorithm(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getOrder().bitLength() > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        if (key instanceof RSAPublicKey) {
            return "SHA256withRSA";
        }
        return "Ed25519";
    }

    /**
     * @param privateKey the CA's private key (a handle for a token)
     * @param provider the provider that signs with it, or {@code null} for BouncyCastle
     * @param publicKey its public key
     * @return a signer
     * @throws IamException {@code RUNTIME} if no provider can sign with the key
     */
    static ContentSigner signer(PrivateKey privateKey, Provider provider, PublicKey publicKey) throws IamException {
        JcaContentSignerBuilder b = new JcaContentSignerBuilder(algorithm(publicKey));
        b.setProvider(provider != null ? provider : BC);
        try {
            return b.build(privateKey);
        } catch (OperatorCreationException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot sign with the CA key: " + e.getMessage(), e);
        }
    }
}
