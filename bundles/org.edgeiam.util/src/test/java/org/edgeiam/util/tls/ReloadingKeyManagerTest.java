package org.edgeiam.util.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.edgeiam.spi.keystore.TlsKey;
import org.junit.jupiter.api.Test;

/** A server handshake that arrives before the first key waits for it (at boot), later ones do not. */
class ReloadingKeyManagerTest {

    @Test
    void aHandshakeBeforeTheFirstKeyWaitsForIt() throws Exception {
        ReloadingKeyManager keys = new ReloadingKeyManager();
        keys.holdUntilFirstKey(10_000, 5_000);
        CompletableFuture<String> alias = CompletableFuture.supplyAsync(() -> keys.chooseEngineServerAlias("EC", null,
                null));
        Thread.sleep(200);
        assertTrue(!alias.isDone(), "the handshake waits");
        keys.set(key());
        assertEquals("edgeiam", alias.get(5, TimeUnit.SECONDS));
    }

    @Test
    void withoutAHoldOrAfterItsWindowAHandshakeWithoutKeyFailsAtOnce() throws Exception {
        ReloadingKeyManager keys = new ReloadingKeyManager();
        assertNull(keys.chooseEngineServerAlias("EC", null, null));
        keys.holdUntilFirstKey(0, 5_000);
        long t0 = System.nanoTime();
        assertNull(keys.chooseEngineServerAlias("EC", null, null));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 1_000);
    }

    private static TlsKey key() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        try (InputStream in = ReloadingKeyManagerTest.class.getResourceAsStream("/leaf.pem")) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return new TlsKey(generator.generateKeyPair().getPrivate(), null, List.of(cert));
        }
    }
}
