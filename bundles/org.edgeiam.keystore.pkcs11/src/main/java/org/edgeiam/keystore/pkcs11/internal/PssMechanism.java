package org.edgeiam.keystore.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKG_MGF1_SHA256;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKG_MGF1_SHA384;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKG_MGF1_SHA512;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA256;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA384;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA512;

import java.security.InvalidAlgorithmParameterException;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.xipki.pkcs11.wrapper.params.RSA_PKCS_PSS_PARAMS;

/**
 * The PKCS#11 parameters of an RSASSA-PSS signature: SHA-256, SHA-384 or SHA-512, MGF1 with the
 * same hash, any salt length, trailer field 1 (what TLS 1.3 and X.509 use).
 *
 * @param digest JCA digest name
 * @param hashMechanism {@code CKM_SHA*}
 * @param mgf {@code CKG_MGF1_SHA*}
 * @param saltLength salt length in bytes
 */
record PssMechanism(String digest, long hashMechanism, long mgf, int saltLength) {

    static PssMechanism of(AlgorithmParameterSpec params) throws InvalidAlgorithmParameterException {
        if (!(params instanceof PSSParameterSpec)) {
            throw new InvalidAlgorithmParameterException("RSASSA-PSS needs a PSSParameterSpec, not " + params);
        }
        PSSParameterSpec spec = (PSSParameterSpec) params;
        String digest = normalise(spec.getDigestAlgorithm());
        if (!"MGF1".equalsIgnoreCase(spec.getMGFAlgorithm()) || !(spec.getMGFParameters() instanceof MGF1ParameterSpec)
                || !digest.equals(normalise(((MGF1ParameterSpec) spec.getMGFParameters()).getDigestAlgorithm()))
                || spec.getTrailerField() != PSSParameterSpec.TRAILER_FIELD_BC) {
            throw new InvalidAlgorithmParameterException("RSASSA-PSS on a token supports MGF1 with the message hash "
                    + "and trailer field 1 only");
        }
        switch (digest) {
            case "SHA-256":
                return new PssMechanism(digest, CKM_SHA256, CKG_MGF1_SHA256, spec.getSaltLength());
            case "SHA-384":
                return new PssMechanism(digest, CKM_SHA384, CKG_MGF1_SHA384, spec.getSaltLength());
            case "SHA-512":
                return new PssMechanism(digest, CKM_SHA512, CKG_MGF1_SHA512, spec.getSaltLength());
            default:
                throw new InvalidAlgorithmParameterException("RSASSA-PSS on a token supports SHA-256/384/512, not "
                        + spec.getDigestAlgorithm());
        }
    }

    /** @return "SHA-256" for "SHA256", "sha-256", … */
    private static String normalise(String digest) {
        String name = digest.toUpperCase(Locale.ROOT);
        return name.startsWith("SHA") && !name.startsWith("SHA-") ? "SHA-" + name.substring(3) : name;
    }

    /** @return the mechanism parameters */
    RSA_PKCS_PSS_PARAMS params() {
        return new RSA_PKCS_PSS_PARAMS(this.hashMechanism, this.mgf, this.saltLength);
    }

    /** @return the OID of a JCA SHA-2 digest name */
    static ASN1ObjectIdentifier oid(String digest) {
        switch (digest) {
            case "SHA-256":
                return NISTObjectIdentifiers.id_sha256;
            case "SHA-384":
                return NISTObjectIdentifiers.id_sha384;
            case "SHA-512":
                return NISTObjectIdentifiers.id_sha512;
            default:
                throw new IllegalArgumentException("no DigestInfo for " + digest);
        }
    }
}
