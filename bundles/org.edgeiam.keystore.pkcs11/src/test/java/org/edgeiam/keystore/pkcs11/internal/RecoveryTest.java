package org.edgeiam.keystore.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;

import java.security.KeyPair;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.PendingKey;
import org.edgeiam.spi.keystore.StoredCertificate;
import org.edgeiam.spi.keystore.StoredEntry;
import org.edgeiam.spi.keystore.TlsKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Restarts, orphans, and sessions or libraries lost behind the store's back. */
class RecoveryTest extends Pkcs11TestBase {

    @Test
    void givenStoredChain_whenRestarted_thenNewComponentListsAndLoadsIt() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        KeyPair ca = caKeys();
        StoredCertificate stored = givenStoredChain(store, KeyAlgorithm.RSA_2048, ca, caCert(ca, "Test CA"));

        ModuleStore reopened = givenStore(whenRestarted(), "iam", params());

        assertTrue(reopened.isOwned());
        List<StoredEntry> entries = reopened.list();
        assertEquals(1, entries.size());
        assertTrue(entries.get(0).isComplete());
        assertEquals(stored.certUrl(), entries.get(0).certUrl().get());
        TlsKey tls = reopened.load(stored.certUrl(), stored.keyUrl());
        assertEquals(2, tls.chain().size());
        thenSignsAndVerifies(tls.privateKey(), tls.provider(), tls.chain().get(0).getPublicKey(), "SHA256withRSA");
    }

    @Test
    void givenPendingKey_whenListedBeforeAndAfterRestart_thenNeverListedAndGoneAfterRestart() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        store.generateKey(KeyAlgorithm.ECC_P384);
        assertEquals(List.of(), store.list(), "a pending key is no orphan");

        ModuleStore reopened = givenStore(whenRestarted(), "iam", params());

        assertEquals(List.of(), reopened.list(), "a pending key dies with its session");
        try (TokenBackdoor token = new TokenBackdoor(LIBRARY, LABEL, pinFile())) {
            assertEquals(List.of(), token.objects(CKO_PRIVATE_KEY, null));
            assertEquals(List.of(), token.objects(CKO_PUBLIC_KEY, null));
        }
    }

    @Test
    void givenKeyWhoseCertificateWasDestroyed_whenListedAfterRestart_thenOrphanThatCanBeRemoved() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        KeyPair ca = caKeys();
        PendingKey key = store.generateKey(KeyAlgorithm.ECC_P384);
        store.store(key, List.of(leaf(key.publicKey(), ca, caCert(ca, "Test CA"))));
        try (TokenBackdoor token = new TokenBackdoor(LIBRARY, LABEL, pinFile())) {
            token.destroy(CKO_CERTIFICATE, HexFormat.of().parseHex(key.id()), "iam");
        }

        ModuleStore reopened = givenStore(whenRestarted(), "iam", params());

        List<StoredEntry> entries = reopened.list();
        assertEquals(1, entries.size());
        StoredEntry orphan = entries.get(0);
        assertEquals(Optional.empty(), orphan.certUrl());
        assertTrue(orphan.keyUrl().get().contains(key.id().replaceAll("(..)", "%$1")), orphan.keyUrl().get());
        reopened.remove("", orphan.keyUrl().get());
        assertEquals(List.of(), reopened.list());
    }

    @ParameterizedTest
    @ValueSource(strings = {"all sessions closed", "library finalised"})
    void givenPendingKey_whenItsSessionDiesBehindItsBack_thenStoreAndSignNotFoundAndCreateKeyAgainWorks(String what)
            throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        KeyPair ca = caKeys();
        X509Certificate caCert = caCert(ca, "Test CA");
        PendingKey key = store.generateKey(KeyAlgorithm.ECC_P384);
        X509Certificate leaf = leaf(key.publicKey(), ca, caCert);

        if (what.equals("all sessions closed")) {
            TokenBackdoor.closeAllSessions(LIBRARY);
        } else {
            TokenBackdoor.finalizeLibrary(LIBRARY);
        }

        var e = thenFails(ErrorCode.NOT_FOUND, () -> store.store(key, List.of(leaf, caCert)));
        assertTrue(e.getMessage().contains("lost with its PKCS#11 session")
                && e.getMessage().contains("call CreateKey again"), e.getMessage());
        var signing = assertThrows(SignatureException.class,
                () -> thenSignsAndVerifies(key.privateKey(), key.provider(), key.publicKey(), "SHA384withECDSA"));
        assertTrue(signing.getMessage().contains("lost with its PKCS#11 session"), signing.getMessage());
        store.discard(key);
        assertEquals(List.of(), store.list());
        PendingKey again = store.generateKey(KeyAlgorithm.ECC_P384);
        StoredCertificate stored = store.store(again, List.of(leaf(again.publicKey(), ca, caCert), caCert));
        assertEquals(1, store.list().size());
        try (TokenBackdoor token = new TokenBackdoor(LIBRARY, LABEL, pinFile())) {
            assertEquals(2, token.objects(CKO_CERTIFICATE, null).size(), "the new leaf and the CA only");
            assertEquals(1, token.objects(CKO_PRIVATE_KEY, null).size());
        }
        TlsKey tls = store.load(stored.certUrl(), stored.keyUrl());
        thenSignsAndVerifies(tls.privateKey(), tls.provider(), tls.chain().get(0).getPublicKey(), "SHA384withECDSA");
    }

    @Test
    void givenStoredChain_whenPrivateKeyDestroyedBehindItsBack_thenListedAsCertificateWithoutKey() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        KeyPair ca = caKeys();
        PendingKey key = store.generateKey(KeyAlgorithm.ECC_P384);
        StoredCertificate stored = store.store(key, List.of(leaf(key.publicKey(), ca, caCert(ca, "Test CA"))));

        try (TokenBackdoor token = new TokenBackdoor(LIBRARY, LABEL, pinFile())) {
            token.destroy(CKO_PRIVATE_KEY, HexFormat.of().parseHex(key.id()), "iam");
        }

        List<StoredEntry> entries = store.list();
        assertEquals(1, entries.size());
        assertFalse(entries.get(0).isComplete());
        assertEquals(Optional.of(stored.certUrl()), entries.get(0).certUrl());
        assertEquals(Optional.empty(), entries.get(0).keyUrl());
        thenFails(ErrorCode.NOT_FOUND, () -> store.load(stored.certUrl(), stored.keyUrl()));
    }

    @Test
    void givenLoadedKey_whenAllSessionsClosedBehindItsBack_thenSigningAndManagementRecoverTransparently()
            throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        KeyPair ca = caKeys();
        StoredCertificate stored = givenStoredChain(store, KeyAlgorithm.ECC_P384, ca, caCert(ca, "Test CA"));
        TlsKey tls = store.load(stored.certUrl(), stored.keyUrl());
        thenSignsAndVerifies(tls.privateKey(), tls.provider(), tls.chain().get(0).getPublicKey(), "SHA384withECDSA");

        TokenBackdoor.closeAllSessions(LIBRARY);

        thenSignsAndVerifies(tls.privateKey(), tls.provider(), tls.chain().get(0).getPublicKey(), "SHA384withECDSA");
        TokenBackdoor.closeAllSessions(LIBRARY);
        assertEquals(1, store.list().size());
        TokenBackdoor.closeAllSessions(LIBRARY);
        givenStoredChain(store, KeyAlgorithm.ECC_P384, ca, caCert(ca, "Test CA"));
        assertEquals(2, store.list().size());
    }

    @Test
    void givenOpenStore_whenLibraryFinalisedBehindItsBack_thenInitialisedAgainAndStoreWorks() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        KeyPair ca = caKeys();
        StoredCertificate stored = givenStoredChain(store, KeyAlgorithm.ECC_P384, ca, caCert(ca, "Test CA"));

        TokenBackdoor.finalizeLibrary(LIBRARY);

        assertTrue(store.isOwned());
        assertEquals(1, store.list().size());
        TlsKey tls = store.load(stored.certUrl(), stored.keyUrl());
        thenSignsAndVerifies(tls.privateKey(), tls.provider(), tls.chain().get(0).getPublicKey(), "SHA384withECDSA");
    }

    @Test
    void givenClosedStore_whenUsed_thenUnavailable() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        PendingKey key = store.generateKey(KeyAlgorithm.ECC_P384);

        store.close();

        thenFails(ErrorCode.UNAVAILABLE, store::list);
        var e = assertThrows(SignatureException.class,
                () -> thenSignsAndVerifies(key.privateKey(), key.provider(), key.publicKey(), "SHA384withECDSA"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
