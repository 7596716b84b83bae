package org.edgeiam.certhandler.internal;

import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.PendingKey;

/** Builds CSRs and self-signed certificates for pending keys, signing with the key's provider. */
final class Csr {
    private Csr() {
    }

    /**
     * @param key the pending key
     * @param commonName the subject CN (escaped as a value, never parsed as a DN)
     * @param dnsNames subject alternative DNS names
     * @param extendedKeyUsage {@code clientAuth} / {@code serverAuth}
     * @return the PEM CSR
     * @throws IamException {@code RUNTIME} if signing fails
     */
    static String build(PendingKey key, String commonName, List<String> dnsNames, List<String> extendedKeyUsage)
            throws IamException {
        try {
            // a UTF8String as BCStyle makes for CN, but the subject is never decoded: BCStyle would read
            // "#..." as hex DER and drop a leading backslash (CsrFuzzTest)
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, new DERUTF8String(commonName))
                    .build();
            JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(subject,
                    key.publicKey());
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            if (!dnsNames.isEmpty()) {
                GeneralName[] names = dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n))
                        .toArray(GeneralName[]::new);
                extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            if (!extendedKeyUsage.isEmpty()) {
                extensions.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(extendedKeyUsage.stream().map(Csr::purpose).toArray(KeyPurposeId[]::new)));
            }
            if (!extensions.isEmpty()) {
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            PKCS10CertificationRequest csr = builder.build(signer(key));
            return Pem.write(csr);
        } catch (OperatorCreationException | java.io.IOException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot build the CSR: " + e.getMessage(), e);
        }
    }

    /**
     * A self-signed certificate as AosEdge makes them for provisioning: serial = now in Unix
     * nanoseconds, subject = issuer = {@code CN=Aos Core}, valid for 100 years.
     */
    static X509Certificate selfSigned(PendingKey key, Instant now) throws IamException {
        try {
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "Aos Core").build();
            BigInteger serial = BigInteger.valueOf(now.getEpochSecond() * 1_000_000_000L + now.getNano());
            Date notAfter = Date.from(now.atZone(ZoneOffset.UTC).plusYears(100).toInstant());
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial, Date.from(now),
                    notAfter, name, key.publicKey());
            return new JcaX509CertificateConverter().setProvider(Crypto.BC).getCertificate(builder.build(signer(key)));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot build the self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static ContentSigner signer(PendingKey key) throws OperatorCreationException {
        JcaContentSignerBuilder builder = new JcaContentSignerBuilder(key.algorithm().signatureAlgorithm());
        builder.setProvider(key.signingProvider().orElse(Crypto.BC));
        return builder.build(key.privateKey());
    }

    private static KeyPurposeId purpose(String usage) {
        return "serverAuth".equalsIgnoreCase(usage) ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth;
    }
}
