package org.edgeiam.ca.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.TlsKey;

/**
 * Builds the certificates and CRLs of the device CA with BouncyCastle: tenant CA certificates
 * (CA, path length 0, optional DNS name constraints), client certificates (end entity,
 * clientAuth) and CRLs. Serial numbers are 159 random bits. Every certificate ends no later than
 * the CA certificate that signs it.
 */
final class Issuer {
    /**
     * A certificate on a CRL.
     *
     * @param serial its serial number
     * @param at when it was revoked or suspended
     * @param hold {@code true} for a suspension (reason certificateHold, may be lifted)
     */
    record CrlEntry(BigInteger serial, Instant at, boolean hold) {
    }

    private static final Duration BACKDATE = Duration.ofMinutes(5);

    /**
     * Serial numbers come from a generator per thread: the default one (NativePRNG) serialises
     * every caller on one lock, which halved the issuance rate with two callers.
     */
    private final ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(Issuer::newRandom);

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    X509Certificate tenantCa(X500Name subject, PublicKey key, TlsKey platform, Duration validity,
            List<String> permittedDns, Instant now) throws IamException {
        X509Certificate issuer = platform.chain().get(0);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = builder(issuer, subject, key, validity, now);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer));
            if (!permittedDns.isEmpty()) {
                GeneralSubtree[] permitted = permittedDns.stream()
                        .map(d -> new GeneralSubtree(new GeneralName(GeneralName.dNSName, d))).toArray(GeneralSubtree[]::new);
                b.addExtension(Extension.nameConstraints, true, new NameConstraints(permitted, null));
            }
            return sign(b, platform);
        } catch (IOException | java.security.NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot build the tenant CA certificate: " + e.getMessage(), e);
        }
    }

    X509Certificate client(X500Name subject, PublicKey key, List<String> dnsNames, TlsKey ca, Duration validity,
            Instant now) throws IamException {
        X509Certificate issuer = ca.chain().get(0);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = builder(issuer, subject, key, validity, now);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int usage = KeyUsage.digitalSignature | (key instanceof RSAPublicKey ? KeyUsage.keyEncipherment : 0);
            b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.authorityKeyIdentifier, false, issuerData(issuer).aki());
            if (!dnsNames.isEmpty()) {
                GeneralName[] names = dnsNames.stream().map(d -> new GeneralName(GeneralName.dNSName, d))
                        .toArray(GeneralName[]::new);
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            return sign(b, ca);
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot build the client certificate: " + e.getMessage(), e);
        }
    }

    /**
     * @param ca the CA that signs
     * @param entries the revoked (and held) certificates
     * @param number the CRL number
     * @param now this update
     * @param nextUpdate how long it is meant to be used
     * @return the CRL
     * @throws IamException {@code RUNTIME} if it cannot be signed
     */
    X509CRL crl(TlsKey ca, List<CrlEntry> entries, BigInteger number, Instant now, Duration nextUpdate)
            throws IamException {
        X509Certificate issuer = ca.chain().get(0);
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                    Date.from(now));
            b.setNextUpdate(Date.from(now.plus(nextUpdate)));
            for (CrlEntry e : entries) {
                b.addCRLEntry(e.serial(), Date.from(e.at()), e.hold() ? CRLReason.certificateHold : CRLReason.unspecified);
            }
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer));
            b.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.x509.CRLNumber(number));
            return new JcaX509CRLConverter().getCRL(b.build(Signing.signer(ca.privateKey(), ca.provider(),
                    issuer.getPublicKey())));
        } catch (IOException | CRLException | java.security.NoSuchAlgorithmException
                | java.security.cert.CertificateEncodingException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot build the CRL: " + e.getMessage(), e);
        }
    }

    private X509v3CertificateBuilder builder(X509Certificate issuer, X500Name subject, PublicKey key,
            Duration validity, Instant now) throws IamException {
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(issuer.getNotAfter().toInstant())) {
            notAfter = issuer.getNotAfter().toInstant();
        }
        if (!notAfter.isAfter(now)) {
            throw new IamException(ErrorCode.WRONG_STATE, "the issuing CA certificate ("
                    + issuer.getSubjectX500Principal() + ") has expired");
        }
        return new X509v3CertificateBuilder(issuerData(issuer).name(), new BigInteger(159, this.random.get()).setBit(158),
                Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject,
                SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    }

    /** What every certificate an issuer signs repeats: its name and key identifier, kept per CA certificate. */
    private record IssuerData(X500Name name, AuthorityKeyIdentifier aki) {
    }

    private final Map<X509Certificate, IssuerData> issuers = new ConcurrentHashMap<>();

    private IssuerData issuerData(X509Certificate issuer) throws IamException {
        IssuerData d = this.issuers.get(issuer);
        if (d == null) {
            try {
                d = new IssuerData(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer));
            } catch (java.security.NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
                throw new IamException(ErrorCode.RUNTIME, "cannot read the CA certificate: " + e.getMessage(), e);
            }
            if (this.issuers.size() > 64) {
                this.issuers.clear(); // a handful of CAs in practice: never grows without bound
            }
            this.issuers.put(issuer, d);
        }
        return d;
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, TlsKey signer) throws IamException {
        X509Certificate issuer = signer.chain().get(0);
        try {
            return new JcaX509CertificateConverter().setProvider(Signing.BC).getCertificate(
                    b.build(Signing.signer(signer.privateKey(), signer.provider(), issuer.getPublicKey())));
        } catch (CertificateException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot read back the certificate: " + e.getMessage(), e);
        }
    }
}
