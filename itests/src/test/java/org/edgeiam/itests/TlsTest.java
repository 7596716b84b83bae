package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Dictionary;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.grpc.iamanager.IAMVersionServiceGrpc;
import org.edgeiam.spi.storage.Storage;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;

/**
 * Normal mode: the servers present the current {@code iam} certificate (TLS on the public server,
 * mutual TLS against the CA on the protected one), and a renewed certificate is presented to new
 * connections without restarting the servers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TlsTest extends EdgeIamTestSupport {

    @Configuration
    public Option[] config() {
        return runtime("tls");
    }

    @Test
    public void normalModeServesTlsAndMutualTlsAndPicksUpRenewal() throws Exception {
        await(Storage.class);
        CertHandler handler = await(CertHandler.class);
        TestCa ca = new TestCa(Path.of(context.getProperty(TEST_DIR), "ca"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!handler.moduleInfo("iam").available() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        handler.setOwner("iam", "owner-password");
        X509Certificate first = firstOf(handler.applyCertificate("iam", ca.sign(handler.createKey("iam", "localhost", ""), 90)).certUrl());

        whenServersSwitchToNormalMode(ca.cert());

        int publicPort = Integer.parseInt(context.getProperty(PUBLIC_PORT));
        int protectedPort = Integer.parseInt(context.getProperty(PROTECTED_PORT));
        assertEquals(first.getSerialNumber(), TlsTestSupport.presentedSerial(publicPort, ca.cert()));
        Path[] client = ca.client("cm");
        ManagedChannel mutual = channel(protectedPort, ca.cert(), client);
        ManagedChannel anonymous = channel(protectedPort, ca.cert(), null);
        ManagedChannel publicTls = channel(publicPort, ca.cert(), null);
        TestCa foreignCa = new TestCa(Path.of(context.getProperty(TEST_DIR), "foreign-ca"));
        ManagedChannel foreign = channel(protectedPort, ca.cert(), foreignCa.client("intruder"));
        try {
            assertEquals(6, version(publicTls));
            assertEquals(6, version(mutual));
            assertRefused("no client certificate", anonymous);
            assertRefused("client certificate of a foreign CA", foreign);

            X509Certificate renewed = firstOf(handler.applyCertificate("iam",
                    ca.sign(handler.createKey("iam", "localhost", ""), 180)).certUrl());
            BigInteger seen = null;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < until && !renewed.getSerialNumber().equals(seen)) {
                seen = TlsTestSupport.presentedSerial(publicPort, ca.cert());
            }
            assertEquals("the renewed certificate is presented without a restart", renewed.getSerialNumber(), seen);
            assertNotEquals(first.getSerialNumber(), seen);
            assertEquals("connections made before the renewal carry on", 6, version(mutual));
        } finally {
            for (ManagedChannel ch : new ManagedChannel[] {mutual, anonymous, publicTls, foreign}) {
                ch.shutdownNow();
            }
        }
    }

    private void whenServersSwitchToNormalMode(Path caCert) throws Exception {
        ConfigurationAdmin cm = await(ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration c = cm.getConfiguration("org.edgeiam.iamserver", "?");
        Dictionary<String, Object> props = c.getProperties();
        props.put("provisioning", false);
        props.put("ca.cert", caCert.toString());
        c.update(props);
        int port = Integer.parseInt(context.getProperty(PUBLIC_PORT));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                TlsTestSupport.presentedSerial(port, caCert);
                return;
            } catch (Exception e) {
                Thread.sleep(50); // still plaintext, or restarting
            }
        }
        fail("the public server did not switch to TLS");
    }

    private static long version(ManagedChannel ch) {
        return IAMVersionServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                .getAPIVersion(Empty.getDefaultInstance()).getVersion();
    }

    private static void assertRefused(String what, ManagedChannel ch) {
        try {
            version(ch);
            fail("the protected server accepted a call with " + what);
        } catch (StatusRuntimeException e) {
            assertEquals(what, io.grpc.Status.Code.UNAVAILABLE, e.getStatus().getCode());
        }
    }

    private static ManagedChannel channel(int port, Path caCert, Path[] client) throws Exception {
        SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(caCert.toFile());
        if (client != null) {
            tls.keyManager(client[0].toFile(), client[1].toFile());
        }
        return NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).overrideAuthority("localhost")
                .sslContext(tls.build()).build();
    }

    private static X509Certificate firstOf(String certUrl) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of(java.net.URI.create(certUrl)))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
