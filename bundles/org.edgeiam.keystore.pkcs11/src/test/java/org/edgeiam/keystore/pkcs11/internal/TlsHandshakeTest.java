package org.edgeiam.keystore.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.StoredCertificate;
import org.edgeiam.spi.keystore.TlsKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A JDK TLS server whose key stays on the token. JSSE asks {@code Signature.getInstance(alg)}
 * without a provider, so this test registers the store's provider in the test JVM for the
 * duration of a handshake (a bundle never does): delayed provider selection then picks it for
 * the token key, for whichever scheme the handshake negotiates.
 */
class TlsHandshakeTest extends Pkcs11TestBase {

    @ParameterizedTest
    @CsvSource({"ECC_P384, TLSv1.3", "ECC_P384, TLSv1.2", "RSA_2048, TLSv1.3", "RSA_2048, TLSv1.2"})
    void givenStoredKey_whenTlsServerUsesIt_thenHandshakeSucceeds(KeyAlgorithm algorithm, String protocol)
            throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        KeyPair ca = caKeys();
        X509Certificate caCert = caCert(ca, "TLS CA");
        StoredCertificate stored = givenStoredChain(store, algorithm, ca, caCert);
        TlsKey key = store.load(stored.certUrl(), stored.keyUrl());

        Security.addProvider(key.provider());
        try {
            assertEquals(protocol, handshake(key, caCert, protocol));
        } finally {
            Security.removeProvider(key.provider().getName());
        }
    }

    @Test
    void givenProviderNotRegistered_whenSignatureNamedWithIt_thenTokenKeySigns() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        KeyPair ca = caKeys();
        StoredCertificate stored = givenStoredChain(store, KeyAlgorithm.ECC_P384, ca, caCert(ca, "TLS CA"));
        TlsKey key = store.load(stored.certUrl(), stored.keyUrl());

        thenSignsAndVerifies(key.privateKey(), key.signingProvider().orElseThrow(), key.chain().get(0).getPublicKey(),
                "SHA384withECDSA");
    }

    private static String handshake(TlsKey key, X509Certificate caCert, String protocol) throws Exception {
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(new javax.net.ssl.KeyManager[] {new TokenKeyManager(key)}, null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", caCert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(new String[] {protocol});
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    return s.getInputStream().read();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                    SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(raw, "localhost", raw.getPort(),
                            true)) {
                s.setEnabledProtocols(new String[] {protocol});
                s.startHandshake();
                s.getOutputStream().write(42);
                s.getOutputStream().flush();
                assertEquals(42, served.get(30, TimeUnit.SECONDS));
                return s.getSession().getProtocol();
            }
        }
    }

    /** Offers the token key for its own key type. */
    private static final class TokenKeyManager extends X509ExtendedKeyManager {
        private final TlsKey key;

        TokenKeyManager(TlsKey key) {
            this.key = key;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keyType.equals(this.key.privateKey().getAlgorithm()) ? "token" : null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return this.key.chain().toArray(new X509Certificate[0]);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return this.key.privateKey();
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {"token"};
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
