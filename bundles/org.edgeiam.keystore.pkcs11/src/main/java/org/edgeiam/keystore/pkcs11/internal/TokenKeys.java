package org.edgeiam.keystore.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_PARAMS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_POINT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_KEY_TYPE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_MODULUS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_PUBLIC_EXPONENT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_RSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EC_KEY_PAIR_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_RSA_PKCS_KEY_PAIR_GEN;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Optional;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11KeyPair;
import org.xipki.pkcs11.wrapper.Session;

/**
 * Key pairs on the token: generation with AosEdge's attributes (private key sensitive,
 * non-extractable, private, can sign; public key not private, can verify) as session objects,
 * copying them to token objects once they are to be kept, and reading a public key back as a JCA
 * key.
 */
final class TokenKeys {
    private static final int RSA_BITS = 2048;
    private static final BigInteger RSA_EXPONENT = BigInteger.valueOf(65537);
    /** Uncompressed P-384 point: 0x04, X, Y. */
    private static final int P384_POINT_LENGTH = 97;

    /** A generated key pair: handles and the public key. */
    record Generated(long privateHandle, long publicHandle, PublicKey publicKey) {
    }

    private TokenKeys() {
    }

    /** Generates a key pair of session objects ({@code CKA_TOKEN} false). */
    static Generated generate(Session session, KeyAlgorithm algorithm, byte[] id, String label)
            throws PKCS11Exception {
        boolean ec = algorithm == KeyAlgorithm.ECC_P384;
        KeyPairTemplate template = ec
                ? new KeyPairTemplate(AttributeVector.newECPrivateKey(),
                        AttributeVector.newECPublicKey().ecParams(p384Params()))
                : new KeyPairTemplate(AttributeVector.newRSAPrivateKey(),
                        AttributeVector.newRSAPublicKey().modulusBits(RSA_BITS).publicExponent(RSA_EXPONENT));
        template.id(id).labels(label).token(false);
        template.privateKey().private_(true).sensitive(true).extractable(false).sign(true);
        template.publicKey().private_(false).verify(true);
        PKCS11KeyPair pair = session.generateKeyPair(new Mechanism(ec ? CKM_EC_KEY_PAIR_GEN : CKM_RSA_PKCS_KEY_PAIR_GEN),
                template);
        try {
            return new Generated(pair.getPrivateKey(), pair.getPublicKey(), publicKey(session, pair.getPublicKey(), algorithm));
        } catch (PKCS11Exception | RuntimeException e) {
            TokenObjects.destroy(session, pair.getPrivateKey(), pair.getPublicKey());
            throw e;
        }
    }

    /**
     * {@code C_CopyObject} with {@code CKA_TOKEN} true: the copy keeps every other attribute,
     * {@code CKA_ALWAYS_SENSITIVE} and {@code CKA_NEVER_EXTRACTABLE} included.
     *
     * @return the handle of the token object
     */
    static long copyToToken(Session session, long handle) throws PKCS11Exception {
        return session.copyObject(handle, new AttributeVector().token(true));
    }

    /** @return the algorithm of a key object, if it is one of ours */
    static Optional<KeyAlgorithm> algorithm(Session session, long handle) throws PKCS11Exception {
        Long type = session.getAttrValues(handle, CKA_KEY_TYPE).keyType();
        if (type != null && type == CKK_EC) {
            return Optional.of(KeyAlgorithm.ECC_P384);
        }
        return type != null && type == CKK_RSA ? Optional.of(KeyAlgorithm.RSA_2048) : Optional.empty();
    }

    /** @return the public key object as a JCA key */
    static PublicKey publicKey(Session session, long handle, KeyAlgorithm algorithm) throws PKCS11Exception {
        try {
            if (algorithm == KeyAlgorithm.RSA_2048) {
                AttributeVector attrs = session.getAttrValues(handle, CKA_MODULUS, CKA_PUBLIC_EXPONENT);
                return KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(attrs.modulus(), attrs.publicExponent()));
            }
            byte[] point = session.getAttrValues(handle, CKA_EC_POINT, CKA_EC_PARAMS).ecPoint();
            if (point.length == P384_POINT_LENGTH + 2) {
                point = Arrays.copyOfRange(point, 2, point.length); // DER OCTET STRING around the point
            }
            SubjectPublicKeyInfo info = new SubjectPublicKeyInfo(
                    new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp384r1), point);
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the token's " + algorithm + " public key cannot be read: " + e, e);
        }
    }

    private static byte[] p384Params() {
        try {
            return SECObjectIdentifiers.secp384r1.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an OID failed", e);
        }
    }
}
