package org.edgeiam.spi.keystore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** A TlsKey names its key without showing it. */
class TlsKeyTest {
    private static final Provider BC = new BouncyCastleProvider();

    @Test
    void givenSoftwareEcKey_whenPrinted_thenOnlyAlgorithmProviderAndSubjectAndNoKeyMaterial() throws Exception {
        KeyPair pair = givenSoftwareEcKey();
        TlsKey key = new TlsKey(pair.getPrivate(), BC, List.of(givenCertificate(pair, "CN=node-1,O=EdgeIAM")));

        String printed = key.toString();

        assertEquals("TlsKey[algorithm=EC, provider=BC, subject=O=EdgeIAM,CN=node-1]", printed);
        thenNoneOf(printed, materialOf(pair));
    }

    @Test
    void givenDefaultProvider_whenPrinted_thenSaysDefault() throws Exception {
        KeyPair pair = givenSoftwareEcKey();

        String printed = new TlsKey(pair.getPrivate(), null, List.of(givenCertificate(pair, "CN=leaf"))).toString();

        assertEquals("TlsKey[algorithm=EC, provider=default, subject=CN=leaf]", printed);
    }

    private static KeyPair givenSoftwareEcKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate givenCertificate(KeyPair pair, String subject) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(subject), BigInteger.TEN,
                Date.from(now), Date.from(now.plusSeconds(3600)), new X500Name(subject), pair.getPublic());
        return new JcaX509CertificateConverter().setProvider(BC).getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA384withECDSA").setProvider(BC).build(pair.getPrivate())));
    }

    /** The private value and the encoded key in every usual notation, and the public point derived from it. */
    private static List<String> materialOf(KeyPair pair) {
        ECPrivateKey priv = (ECPrivateKey) pair.getPrivate();
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        byte[] encoded = priv.getEncoded();
        return List.of(priv.getS().toString(), priv.getS().toString(16), Base64.getEncoder().encodeToString(encoded),
                HexFormat.of().formatHex(encoded), pub.getW().getAffineX().toString(16),
                pub.getW().getAffineY().toString(16));
    }

    private static void thenNoneOf(String printed, List<String> material) {
        String lower = printed.toLowerCase(Locale.ROOT);
        for (String m : material) {
            // a 12-character piece of any of them would already be too much
            for (int i = 0; i + 12 <= m.length(); i += 12) {
                String piece = m.substring(i, i + 12).toLowerCase(Locale.ROOT);
                assertFalse(lower.contains(piece), "key material in: " + printed);
            }
        }
    }
}
