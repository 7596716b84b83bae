package org.edgeiam.iamclient.internal;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgeiam.spi.keystore.TlsKey;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

/**
 * A test CA and the keys it certifies, made with BouncyCastle: server certificates for the test
 * main node (SAN {@code localhost} and {@code 127.0.0.1}, or another host name) and client
 * certificates that play this node's {@code cert.storage} certificate.
 */
final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair caKey;
    private final X509Certificate ca;

    TestPki(String caName) throws Exception {
        this.caKey = ecKey();
        this.ca = issue(caName, caKey, null, true, caName, caKey);
    }

    /** Writes the CA certificate as PEM to {@code file}. */
    Path writeCa(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(ca);
        }
        return file;
    }

    /**
     * @param commonName the client's CN
     * @return a client key and chain as a CertHandler hands it out
     */
    TlsKey clientKey(String commonName) throws Exception {
        KeyPair key = ecKey();
        X509Certificate cert = issue(commonName, key, null, false, "", caKey);
        return new TlsKey(key.getPrivate(), null, List.of(cert, ca));
    }

    /** @return a TLS server context for 127.0.0.1 and localhost, without client authentication */
    SslContext server() throws Exception {
        return server(false, "localhost", "127.0.0.1");
    }

    /** @return a TLS server context that requires client certificates from this CA */
    SslContext mutualServer() throws Exception {
        return server(true, "localhost", "127.0.0.1");
    }

    /**
     * @param requireClientCert whether client certificates from this CA are required
     * @param dnsName the DNS name in the certificate
     * @param ip the IP address in the certificate, or {@code null}
     */
    SslContext server(boolean requireClientCert, String dnsName, String ip) throws Exception {
        KeyPair key = ecKey();
        List<GeneralName> names = new ArrayList<>(List.of(new GeneralName(GeneralName.dNSName, dnsName)));
        if (ip != null) {
            names.add(new GeneralName(GeneralName.iPAddress, ip));
        }
        X509Certificate cert = issue("test main IAM", key, new GeneralNames(names.toArray(GeneralName[]::new)),
                false, "", caKey);
        SslContextBuilder builder = SslContextBuilder.forServer(key.getPrivate(), cert, ca);
        if (requireClientCert) {
            builder.trustManager(ca).clientAuth(ClientAuth.REQUIRE);
        }
        return GrpcSslContexts.configure(builder, SslProvider.JDK).build();
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private X509Certificate issue(String subject, KeyPair subjectKey, GeneralNames sans, boolean isCa,
            String caName, KeyPair issuerKey) throws Exception {
        Instant now = Instant.now();
        X500Name issuer = isCa ? new X500Name("CN=" + caName) : X500Name.getInstance(
                ca.getSubjectX500Principal().getEncoded());
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=" + subject), subjectKey.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (sans != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, sans);
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }
}
