package org.edgeiam.keystore.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.PendingKey;
import org.junit.jupiter.api.Test;

/** Key generation on the token and signatures through the store's JCA provider. */
class SigningTest extends Pkcs11TestBase {

    @Test
    void givenOwnedToken_whenEcKeyGenerated_thenP384SessionKeyWithReferenceAttributesSignsAllTlsSchemes()
            throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");

        PendingKey key = store.generateKey(KeyAlgorithm.ECC_P384);

        ECPublicKey pub = (ECPublicKey) key.publicKey();
        assertEquals(384, pub.getParams().getOrder().bitLength());
        assertEquals(384, ((ECKey) key.privateKey()).getParams().getOrder().bitLength());
        assertEquals("EC", key.privateKey().getAlgorithm());
        assertNull(key.privateKey().getEncoded(), "never leaves the token");
        assertTrue(key.id().matches("[0-9A-F]{32}"), key.id());
        thenPendingKeyPairInSession(key, "iam");
        for (String algorithm : List.of("SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA")) {
            thenSignsAndVerifies(key.privateKey(), key.provider(), pub, algorithm);
        }
    }

    @Test
    void givenOwnedToken_whenRsaKeyGenerated_thenRsa2048WithF4SignsPkcs1AndPss() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "offline");

        PendingKey key = store.generateKey(KeyAlgorithm.RSA_2048);

        RSAPublicKey pub = (RSAPublicKey) key.publicKey();
        assertEquals(2048, pub.getModulus().bitLength());
        assertEquals(BigInteger.valueOf(65537), pub.getPublicExponent());
        assertEquals(pub.getModulus(), ((RSAKey) key.privateKey()).getModulus(), "key size visible to TLS engines");
        thenPendingKeyPairInSession(key, "offline");
        for (String algorithm : List.of("SHA256withRSA", "SHA384withRSA", "SHA512withRSA")) {
            thenSignsAndVerifies(key.privateKey(), key.provider(), pub, algorithm);
        }
        for (String hash : List.of("SHA-256", "SHA-384", "SHA-512")) {
            thenPssSignsAndVerifies(key, new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash),
                    Integer.parseInt(hash.substring(4)) / 8, 1));
        }
    }

    @Test
    void givenPendingKeys_whenCertificatesBuiltWithTheirProvider_thenBouncyCastleSignerWorksForBothAlgorithms()
            throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            PendingKey key = store.generateKey(algorithm);

            var cert = certificate("CN=self", key.publicKey(), "CN=self", key.privateKey(),
                    algorithm.signatureAlgorithm(), key.provider());

            cert.verify(key.publicKey());
        }
    }

    @Test
    void givenTokenKey_whenUsedWithWrongAlgorithmOrForVerify_thenInvalidKey() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        PendingKey key = store.generateKey(KeyAlgorithm.ECC_P384);

        assertThrows(InvalidKeyException.class,
                () -> Signature.getInstance("SHA256withRSA", key.provider()).initSign(key.privateKey()));
        assertThrows(InvalidKeyException.class,
                () -> Signature.getInstance("SHA384withECDSA", key.provider()).initVerify(key.publicKey()));
        assertThrows(InvalidKeyException.class, () -> Signature.getInstance("SHA384withECDSA", key.provider())
                .initSign(caKeys().getPrivate()));
    }

    @Test
    void givenOneKey_whenManyThreadsSignAtOnce_thenEverySignatureVerifies() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        PendingKey key = store.generateKey(KeyAlgorithm.ECC_P384);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(() -> {
                    for (int j = 0; j < 20; j++) {
                        thenSignsAndVerifies(key.privateKey(), key.provider(), key.publicKey(), "SHA384withECDSA");
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void givenPendingKey_whenDiscarded_thenItsObjectsAreGone() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        PendingKey key = store.generateKey(KeyAlgorithm.ECC_P384);
        PendingKey kept = store.generateKey(KeyAlgorithm.ECC_P384);

        store.discard(key);

        try (TokenBackdoor token = new TokenBackdoor(LIBRARY, LABEL, pinFile())) {
            assertEquals(List.of(kept.id()), ids(token.objects(CKO_PRIVATE_KEY, "iam")));
            assertEquals(List.of(kept.id()), ids(token.objects(CKO_PUBLIC_KEY, "iam")));
        }
        assertEquals(List.of(), store.list());
        var e = assertThrows(SignatureException.class,
                () -> thenSignsAndVerifies(key.privateKey(), key.provider(), key.publicKey(), "SHA384withECDSA"));
        assertTrue(e.getMessage().contains("has no key " + key.id()), e.getMessage());
        thenSignsAndVerifies(kept.privateKey(), kept.provider(), kept.publicKey(), "SHA384withECDSA");
        store.discard(key);
    }

    @Test
    void givenPendingKey_whenStored_thenTokenObjectsWithTheSameAttributesAndNoSessionObjectsLeft() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        KeyPair ca = caKeys();
        X509Certificate caCert = caCert(ca, "Test CA");
        PendingKey key = store.generateKey(KeyAlgorithm.ECC_P384);

        store.store(key, List.of(leaf(key.publicKey(), ca, caCert), caCert));

        try (TokenBackdoor token = new TokenBackdoor(LIBRARY, LABEL, pinFile())) {
            List<TokenObjects.Item> privates = token.objects(CKO_PRIVATE_KEY, null);
            assertEquals(List.of(key.id()), ids(privates));
            assertEquals(List.of(true, true, true, true, false, true, true),
                    token.privateKeyFlags(privates.get(0).handle()),
                    "token, private, sensitive, always sensitive, not extractable, never extractable, sign");
            List<TokenObjects.Item> publics = token.objects(CKO_PUBLIC_KEY, null);
            assertEquals(List.of(key.id()), ids(publics));
            assertEquals(List.of(true, false), token.tokenAndPrivate(publics.get(0).handle()));
        }
        thenSignsAndVerifies(key.privateKey(), key.provider(), key.publicKey(), "SHA384withECDSA");
        store.discard(key);
        assertEquals(1, store.list().size(), "discarding a stored key does nothing");
    }

    private void thenPendingKeyPairInSession(PendingKey key, String certType) throws Exception {
        try (TokenBackdoor token = new TokenBackdoor(LIBRARY, LABEL, pinFile())) {
            List<TokenObjects.Item> privates = token.objects(CKO_PRIVATE_KEY, null);
            assertEquals(List.of(key.id()), ids(privates));
            assertEquals(certType, privates.get(0).label());
            assertEquals(List.of(false, true, true, true, false, true, true),
                    token.privateKeyFlags(privates.get(0).handle()),
                    "session object, private, sensitive, always sensitive, not extractable, never extractable, sign");
            List<TokenObjects.Item> publics = token.objects(CKO_PUBLIC_KEY, certType);
            assertEquals(List.of(key.id()), ids(publics));
            assertEquals(List.of(false, false), token.tokenAndPrivate(publics.get(0).handle()));
            assertEquals(List.of(), token.tokenObjects(CKO_PRIVATE_KEY, null), "nothing written to the token");
        }
    }

    private static List<String> ids(List<TokenObjects.Item> items) {
        return items.stream().map(i -> HexFormat.of().withUpperCase().formatHex(i.id())).toList();
    }

    private static void thenPssSignsAndVerifies(PendingKey key, PSSParameterSpec spec) throws Exception {
        byte[] data = "tls 1.3 certificate verify".getBytes();
        Signature signer = Signature.getInstance("RSASSA-PSS", key.provider());
        signer.setParameter(spec);
        signer.initSign(key.privateKey());
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("RSASSA-PSS");
        verifier.setParameter(spec);
        verifier.initVerify(key.publicKey());
        verifier.update(data);
        assertTrue(verifier.verify(signature), "PSS with " + spec.getDigestAlgorithm());
    }
}
