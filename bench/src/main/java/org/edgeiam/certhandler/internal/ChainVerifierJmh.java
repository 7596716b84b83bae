package org.edgeiam.certhandler.internal;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: what ApplyCert does with the chain it is sent before anything is stored, for a 3-level
 * chain leaf → intermediate → self-signed root (P-384 keys, SHA384withECDSA, made with
 * BouncyCastle in the setup): {@link ChainVerifier#verify} alone (three signatures and the
 * leaf's validity), and {@link Pem#parseChain} followed by it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChainVerifierJmh {
    private List<X509Certificate> chain;
    private String pem;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Crypto.BC);
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair root = generator.generateKeyPair();
        KeyPair intermediate = generator.generateKeyPair();
        KeyPair leaf = generator.generateKeyPair();
        X509Certificate rootCert = issue("CN=JMH root", root, "CN=JMH root", root, true);
        X509Certificate intermediateCert = issue("CN=JMH intermediate", intermediate, "CN=JMH root", root, true);
        X509Certificate leafCert = issue("CN=jmh-node", leaf, "CN=JMH intermediate", intermediate, false);
        this.chain = List.of(leafCert, intermediateCert, rootCert);
        this.pem = Pem.write(leafCert, intermediateCert, rootCert);
        ChainVerifier.verify(Pem.parseChain(this.pem), Instant.now());
    }

    @Benchmark
    public List<X509Certificate> verify() throws Exception {
        ChainVerifier.verify(this.chain, Instant.now());
        return this.chain;
    }

    @Benchmark
    public List<X509Certificate> parse() throws Exception {
        return Pem.parseChain(this.pem);
    }

    @Benchmark
    public List<X509Certificate> parseAndVerify() throws Exception {
        List<X509Certificate> parsed = Pem.parseChain(this.pem);
        ChainVerifier.verify(parsed, Instant.now());
        return parsed;
    }

    private static X509Certificate issue(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey,
            boolean ca) throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(86_400L * 30)), new X500Name(subject),
                subjectKey.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        return new JcaX509CertificateConverter().setProvider(Crypto.BC).getCertificate(builder
                .build(new JcaContentSignerBuilder("SHA384withECDSA").setProvider(Crypto.BC)
                        .build(issuerKey.getPrivate())));
    }
}
