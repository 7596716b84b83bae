package org.edgeiam.keystore.soft.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.PendingKey;
import org.edgeiam.spi.keystore.StoredCertificate;
import org.edgeiam.spi.keystore.StoredEntry;
import org.edgeiam.spi.keystore.TlsKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Own, generate, store, list and load, for both algorithms, and what lands on disk. */
class SoftStoreRoundTripTest extends SoftStoreTestBase {

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void storedKeyAndChainComeBackUsable(KeyAlgorithm algorithm) throws Exception {
        ModuleStore store = givenOwnedStore();
        KeyPair ca = caKeyPair();
        PendingKey key = store.generateKey(algorithm);
        X509Certificate caCert = certificate("CN=Test CA", ca.getPublic(), "CN=Test CA", ca.getPrivate(),
                "SHA384withECDSA");
        X509Certificate leaf = certificate("CN=node", key.publicKey(), "CN=Test CA", ca.getPrivate(),
                "SHA384withECDSA");

        StoredCertificate stored = store.store(key, List.of(leaf, caCert));
        List<StoredEntry> entries = store.list();
        TlsKey loaded = store.load(stored.certUrl(), stored.keyUrl());

        assertEquals(storeDir().resolve(key.id() + ".pem").toUri().toString(), stored.certUrl());
        assertEquals(storeDir().resolve(key.id() + ".key").toUri().toString(), stored.keyUrl());
        assertEquals(1, entries.size());
        assertTrue(entries.get(0).isComplete());
        assertEquals(stored.certUrl(), entries.get(0).certUrl().get());
        assertEquals(stored.keyUrl(), entries.get(0).keyUrl().get());
        assertEquals(leaf, entries.get(0).certificate().get());
        assertEquals(List.of(leaf, caCert), loaded.chain());
        assertEquals(List.of(leaf, caCert), store.certificates(stored.certUrl()));
        assertSame(key.provider(), loaded.provider());
        assertEquals(algorithm == KeyAlgorithm.ECC_P384 ? "EC" : "RSA", loaded.privateKey().getAlgorithm());
        assertArrayEquals(key.privateKey().getEncoded(), loaded.privateKey().getEncoded());
        thenSignsFor(loaded, leaf, algorithm);
    }

    @Test
    void unstoredKeyIsPendingAgainAndItsFilesAreGone() throws Exception {
        ModuleStore store = givenOwnedStore();
        PendingKey key = store.generateKey(KeyAlgorithm.ECC_P384);
        X509Certificate leaf = selfSigned(key);
        StoredCertificate stored = store.store(key, List.of(leaf));

        assertTrue(store.unstore(stored, key));

        assertEquals(List.of(), store.list());
        assertFalse(Files.exists(path(stored.certUrl())) || Files.exists(path(stored.keyUrl())));
        StoredCertificate again = store.store(key, List.of(leaf));
        assertEquals(stored, again, "the same ApplyCert can be retried");
    }

    @Test
    void generatedKeysHaveTheConfiguredAlgorithms() throws Exception {
        ModuleStore store = givenOwnedStore();

        PendingKey ecc = store.generateKey(KeyAlgorithm.ECC_P384);
        PendingKey rsa = store.generateKey(KeyAlgorithm.RSA_2048);

        assertEquals(384, ((ECPrivateKey) ecc.privateKey()).getParams().getCurve().getField().getFieldSize());
        assertEquals(2048, ((RSAPublicKey) rsa.publicKey()).getModulus().bitLength());
        assertEquals(65537, ((RSAPublicKey) rsa.publicKey()).getPublicExponent().intValue());
        assertTrue(ecc.id().matches("[0-9a-f]{32}"), ecc.id());
        assertFalse(ecc.id().equals(rsa.id()));
        assertEquals("BC", ecc.provider().getName());
        assertEquals(List.of(), store.list(), "pending keys are not written");
    }

    @Test
    void filesAreOwnerOnlyAndTheKeyIsEncrypted() throws Exception {
        ModuleStore store = givenOwnedStore();

        StoredCertificate stored = givenStoredCertificate(store, KeyAlgorithm.ECC_P384);

        Path keyFile = path(stored.keyUrl());
        String keyPem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        assertEquals("rwx------", mode(storeDir()));
        assertEquals("rw-------", mode(pinFile()));
        assertEquals("rw-------", mode(storeDir().resolve(".owner")));
        assertEquals("rw-------", mode(keyFile));
        assertEquals("rw-------", mode(path(stored.certUrl())));
        assertTrue(keyPem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), keyPem);
        assertFalse(keyPem.contains("BEGIN PRIVATE KEY"));
        assertFalse(keyPem.contains("BEGIN EC PRIVATE KEY"));
        assertTrue(Files.readString(pinFile()).matches("[0-9a-f]{64}"), "the user PIN is 32 random bytes in hex");
        assertFalse(Files.readString(storeDir().resolve(".owner")).contains(new String(OWNER_PASSWORD)));
    }

    @Test
    void aSecondStoreOnTheSameDirectorySeesEverything() throws Exception {
        ModuleStore first = givenOwnedStore();
        StoredCertificate ecc = givenStoredCertificate(first, KeyAlgorithm.ECC_P384);
        StoredCertificate rsa = givenStoredCertificate(first, KeyAlgorithm.RSA_2048);
        first.close();

        ModuleStore second = givenStore();

        assertTrue(second.isOwned());
        assertEquals(Set.of(ecc.certUrl(), rsa.certUrl()), second.list().stream()
                .filter(StoredEntry::isComplete).map(e -> e.certUrl().get()).collect(Collectors.toSet()));
        assertEquals("EC", second.load(ecc.certUrl(), ecc.keyUrl()).privateKey().getAlgorithm());
        assertEquals("RSA", second.load(rsa.certUrl(), rsa.keyUrl()).privateKey().getAlgorithm());
    }

    @Test
    void concurrentStoresAllLand() throws Exception {
        ModuleStore store = givenOwnedStore();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<StoredCertificate>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> givenStoredCertificate(store, KeyAlgorithm.ECC_P384)));
            }
            Set<String> urls = new HashSet<>();
            for (Future<StoredCertificate> result : results) {
                urls.add(result.get().certUrl());
            }

            assertEquals(8, urls.size());
            assertEquals(urls, store.list().stream().filter(StoredEntry::isComplete)
                    .map(e -> e.certUrl().get()).collect(Collectors.toSet()));
        } finally {
            pool.shutdownNow();
        }
    }

    private static void thenSignsFor(TlsKey loaded, X509Certificate leaf, KeyAlgorithm algorithm) throws Exception {
        byte[] data = "challenge".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm.signatureAlgorithm(), loaded.provider());
        signer.initSign(loaded.privateKey());
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm.signatureAlgorithm());
        verifier.initVerify(leaf.getPublicKey());
        verifier.update(data);
        assertTrue(verifier.verify(signature), "the loaded key signs for its certificate");
    }
}
