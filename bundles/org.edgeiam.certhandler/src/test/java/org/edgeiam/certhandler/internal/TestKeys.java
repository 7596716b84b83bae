package org.edgeiam.certhandler.internal;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.PendingKey;

/** Real keys and certificates for tests, made with BouncyCastle. */
final class TestKeys {
    private TestKeys() {
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Crypto.BC);
        g.initialize(new ECGenParameterSpec("secp384r1"));
        return g.generateKeyPair();
    }

    static PendingKey pending(KeyPair pair) {
        return new PendingKey("test", KeyAlgorithm.ECC_P384, pair.getPublic(), pair.getPrivate(), Crypto.BC);
    }

    /** A certificate for {@code subject}'s key, issued by {@code issuer} and signed with its key. */
    static X509Certificate cert(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey, Instant from,
            Duration validity, boolean ca) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer),
                BigInteger.valueOf(from.toEpochMilli()), Date.from(from), Date.from(from.plus(validity)),
                new X500Name("CN=" + subject), subjectKey.getPublic());
        if (ca) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        }
        return new JcaX509CertificateConverter().setProvider(Crypto.BC).getCertificate(
                b.build(new JcaContentSignerBuilder("SHA384withECDSA").setProvider(Crypto.BC).build(issuerKey.getPrivate())));
    }
}
