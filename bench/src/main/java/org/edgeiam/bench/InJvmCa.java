package org.edgeiam.bench;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** A CA in the driver's JVM that signs CSRs quickly (no openssl process per certificate). */
final class InJvmCa {
    private final KeyPair key;
    private final X509CertificateHolder cert;
    private final String certPem;
    private final AtomicLong serial = new AtomicLong(System.currentTimeMillis());

    InJvmCa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        this.key = g.generateKeyPair();
        X500Name name = new X500Name("CN=EdgeIAM bench CA");
        Date now = new Date();
        this.cert = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(now.getTime() - 60_000),
                new Date(now.getTime() + 86_400_000L * 30), name, key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
        this.certPem = pem(cert);
    }

    /** @return the signed certificate followed by the CA certificate, PEM */
    String sign(String csrPem) throws Exception {
        PKCS10CertificationRequest csr;
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            csr = (PKCS10CertificationRequest) parser.readObject();
        }
        Date now = new Date();
        X509CertificateHolder leaf = new JcaX509v3CertificateBuilder(cert.getSubject(),
                BigInteger.valueOf(serial.incrementAndGet()), new Date(now.getTime() - 60_000),
                new Date(now.getTime() + 86_400_000L * 7), csr.getSubject(),
                new JcaPKCS10CertificationRequest(csr).getPublicKey())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
        return pem(leaf) + certPem;
    }

    private static String pem(X509CertificateHolder c) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(c);
        }
        return out.toString();
    }
}
