package org.edgeiam.ca.internal;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.ca.ClientKeyType;
import org.edgeiam.util.DeviceNames;

/**
 * Checks a device's CSR before anything is issued: at most 16 KiB, PEM or DER PKCS#10, a valid
 * self-signature, a key of a permitted type (RSA 2048–4096, EC P-256/P-384, Ed25519), and
 * subject alternative names that are DNS names only. Every refusal names what is wrong.
 *
 * @param publicKey the requested key
 * @param keyType its type
 * @param dnsNames the DNS names it asks for
 */
record CsrCheck(PublicKey publicKey, ClientKeyType keyType, List<String> dnsNames) {
    /** The largest CSR read. */
    static final int MAX_BYTES = 16 * 1024;
    private static final Map<ASN1ObjectIdentifier, String> SIGNATURES = Map.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA",
            PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA",
            PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA",
            PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519");

    static CsrCheck of(byte[] csr, Set<ClientKeyType> permitted) throws IamException {
        PKCS10CertificationRequest req = parse(csr);
        PublicKey key;
        try {
            key = new JcaPEMKeyConverter().setProvider(Signing.BC).getPublicKey(req.getSubjectPublicKeyInfo());
            if (!signatureValid(req, key)) {
                throw invalid("its signature does not verify with its own key");
            }
        } catch (IamException e) {
            throw e;
        } catch (Exception e) {
            throw invalid("its key or signature cannot be read: " + e.getMessage());
        }
        ClientKeyType type = type(key, req.getSubjectPublicKeyInfo());
        if (!permitted.contains(type)) {
            throw invalid("key type " + type + " is not permitted for this tenant (permitted: " + permitted + ")");
        }
        return new CsrCheck(key, type, dnsNames(req));
    }

    /**
     * Checks the request's self-signature (its proof of possession) once. BouncyCastle's content
     * verifier checks ECDSA signatures twice (as the algorithm and as a raw signature), which
     * doubled the cost of an issuance; the usual algorithms are checked here with one
     * {@link Signature}, the others (e.g. RSASSA-PSS with parameters) still by BouncyCastle.
     */
    private static boolean signatureValid(PKCS10CertificationRequest req, PublicKey key) throws Exception {
        String name = SIGNATURES.get(req.getSignatureAlgorithm().getAlgorithm());
        if (name == null || req.getSignatureAlgorithm().getParameters() != null
                && !(req.getSignatureAlgorithm().getParameters() instanceof org.bouncycastle.asn1.ASN1Null)) {
            return req.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Signing.BC)
                    .build(req.getSubjectPublicKeyInfo()));
        }
        Signature s = Signature.getInstance(name, Signing.BC);
        s.initVerify(key);
        s.update(req.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER));
        return s.verify(req.getSignature());
    }

    private static PKCS10CertificationRequest parse(byte[] csr) throws IamException {
        if (csr == null || csr.length == 0) {
            throw invalid("empty");
        }
        if (csr.length > MAX_BYTES) {
            throw invalid("larger than " + MAX_BYTES + " bytes");
        }
        try {
            if (new String(csr, 0, Math.min(csr.length, 64), StandardCharsets.US_ASCII).contains("-----BEGIN")) {
                try (Reader r = new InputStreamReader(new ByteArrayInputStream(csr), StandardCharsets.US_ASCII);
                        PEMParser p = new PEMParser(r)) {
                    Object o = p.readObject();
                    if (!(o instanceof PKCS10CertificationRequest req)) {
                        throw invalid("the PEM block is not a CERTIFICATE REQUEST");
                    }
                    return req;
                }
            }
            return new PKCS10CertificationRequest(csr);
        } catch (IOException | RuntimeException e) {
            throw invalid("not a PKCS#10 request (PEM or DER): " + e.getMessage());
        }
    }

    private static ClientKeyType type(PublicKey key, SubjectPublicKeyInfo spki) throws IamException {
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            switch (bits) {
            case 2048:
                return ClientKeyType.RSA_2048;
            case 3072:
                return ClientKeyType.RSA_3072;
            case 4096:
                return ClientKeyType.RSA_4096;
            default:
                throw invalid("RSA keys must have 2048, 3072 or 4096 bits, this one has " + bits);
            }
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(alg)) {
            Object curve = spki.getAlgorithm().getParameters();
            if (SECObjectIdentifiers.secp256r1.equals(curve)) {
                return ClientKeyType.EC_P256;
            }
            if (SECObjectIdentifiers.secp384r1.equals(curve)) {
                return ClientKeyType.EC_P384;
            }
            throw invalid("EC keys must be on the named curve P-256 or P-384");
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(alg)) {
            return ClientKeyType.ED25519;
        }
        throw invalid("key algorithm " + alg + " is not issued (RSA, EC P-256/P-384, Ed25519)");
    }

    private static List<String> dnsNames(PKCS10CertificationRequest req) throws IamException {
        List<String> names = new ArrayList<>();
        for (var attr : req.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            Extensions ext = Extensions.getInstance(attr.getAttrValues().getObjectAt(0));
            GeneralNames san = GeneralNames.fromExtensions(ext, Extension.subjectAlternativeName);
            if (san == null) {
                continue;
            }
            for (GeneralName n : san.getNames()) {
                if (n.getTagNo() != GeneralName.dNSName) {
                    throw invalid("only DNS subject alternative names are issued");
                }
                String dns = n.getName().toString();
                if (!DeviceNames.isDnsName(dns)) {
                    throw invalid("subject alternative name is not a DNS name");
                }
                names.add(dns);
            }
        }
        if (names.size() > 16) {
            throw invalid("at most 16 DNS names");
        }
        return names;
    }

    private static IamException invalid(String problem) {
        return new IamException(ErrorCode.INVALID_ARGUMENT, "csr: " + problem);
    }
}
