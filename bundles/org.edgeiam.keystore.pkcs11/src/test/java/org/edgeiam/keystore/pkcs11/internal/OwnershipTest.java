package org.edgeiam.keystore.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.PendingKey;
import org.edgeiam.spi.keystore.StoredEntry;
import org.junit.jupiter.api.Test;

/** SetOwner on free, initialised and shared tokens. */
class OwnershipTest extends Pkcs11TestBase {

    @Test
    void givenFreeToken_whenSetOwner_thenTokenInitialisedWithLabelAndRandomPinWrittenOwnerOnly() throws Exception {
        ModuleStore store = givenStore(givenComponent(), "iam", params());
        assertFalse(store.isOwned());

        store.setOwner(SO_PASSWORD.toCharArray());

        assertTrue(store.isOwned());
        String pin = Files.readString(pinFile());
        assertTrue(pin.matches("[0-9a-f]{30}"), "PIN has 30 hex characters");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pinFile())));
        try (Stream<?> leftovers = Files.list(pinFile().getParent())) {
            assertEquals(1, leftovers.count(), "no temporary files left");
        }
        try (TokenBackdoor token = new TokenBackdoor(LIBRARY, LABEL, pinFile())) {
            assertTrue(token.objects(CKO_CERTIFICATE, null).isEmpty());
        }
        store.generateKey(KeyAlgorithm.ECC_P384);
    }

    @Test
    void givenPinFile_whenSetOwner_thenItsPinIsTheUserPin() throws Exception {
        Files.createDirectories(pinFile().getParent());
        Files.writeString(pinFile(), "my-own-pin-42\n");
        Files.setPosixFilePermissions(pinFile(), PosixFilePermissions.fromString("rw-------"));
        ModuleStore store = givenStore(givenComponent(), "iam", params());

        store.setOwner(SO_PASSWORD.toCharArray());

        assertEquals("my-own-pin-42\n", Files.readString(pinFile()));
        try (TokenBackdoor token = new TokenBackdoor(LIBRARY, LABEL, pinFile())) {
            assertTrue(token.objects(CKO_PRIVATE_KEY, null).isEmpty());
        }
    }

    @Test
    void givenTokenInitialisedElsewhereWithoutPinFile_whenSetOwnerWithItsSoPin_thenOwnedWithNewUserPin() throws Exception {
        givenTokenInitialisedBySofthsmUtil(LABEL, SO_PASSWORD, "other-user-pin");
        ModuleStore store = givenStore(givenComponent(), "iam", params());
        assertFalse(store.isOwned(), "no PIN file yet");

        store.setOwner(SO_PASSWORD.toCharArray());

        assertTrue(store.isOwned());
        store.generateKey(KeyAlgorithm.ECC_P384);
    }

    @Test
    void givenSharedTokenWithObjects_whenOtherTypeSetsOwnerWithWrongPassword_thenInvalidArgumentAndNothingChanged()
            throws Exception {
        var component = givenComponent();
        ModuleStore online = givenOwnedStore(component, "online");
        KeyPair ca = caKeys();
        X509Certificate caCert = caCert(ca, "Test CA");
        givenStoredChain(online, KeyAlgorithm.ECC_P384, ca, caCert);
        String pin = Files.readString(pinFile());
        ModuleStore offline = givenStore(component, "offline", params());

        var e = thenFails(ErrorCode.INVALID_ARGUMENT, () -> offline.setOwner("wrong-password".toCharArray()));

        assertEquals("wrong SO password for token " + LABEL, e.getMessage());
        assertEquals(pin, Files.readString(pinFile()));
        List<StoredEntry> entries = online.list();
        assertEquals(1, entries.size());
        assertTrue(entries.get(0).isComplete());
        assertEquals(List.of(caCert), online.certificates(entries.get(0).certUrl().get()).subList(1, 2));
    }

    @Test
    void givenSharedTokenWithObjects_whenOtherTypeSetsOwnerWithRightPassword_thenTokenNotWipedAndBothWork()
            throws Exception {
        var component = givenComponent();
        ModuleStore online = givenOwnedStore(component, "online");
        KeyPair ca = caKeys();
        givenStoredChain(online, KeyAlgorithm.ECC_P384, ca, caCert(ca, "Test CA"));
        ModuleStore offline = givenStore(component, "offline", params());

        offline.setOwner(SO_PASSWORD.toCharArray());

        assertTrue(offline.isOwned());
        assertEquals(1, online.list().size(), "the other type's objects survive");
        var key = online.load(online.list().get(0).certUrl().get(), online.list().get(0).keyUrl().get());
        thenSignsAndVerifies(key.privateKey(), key.provider(), key.chain().get(0).getPublicKey(), "SHA384withECDSA");
        givenStoredChain(offline, KeyAlgorithm.ECC_P384, ca, caCert(ca, "Test CA"));
    }

    @Test
    void givenPendingKeyOfOneType_whenOtherTypeTriesSetOwnerOnSharedToken_thenThatPendingKeyIsLost() throws Exception {
        var component = givenComponent();
        ModuleStore online = givenOwnedStore(component, "online");
        KeyPair ca = caKeys();
        X509Certificate caCert = caCert(ca, "Test CA");
        PendingKey key = online.generateKey(KeyAlgorithm.ECC_P384);
        ModuleStore offline = givenStore(component, "offline", params());

        thenFails(ErrorCode.INVALID_ARGUMENT, () -> offline.setOwner("wrong-password".toCharArray()));

        var e = thenFails(ErrorCode.NOT_FOUND,
                () -> online.store(key, List.of(leaf(key.publicKey(), ca, caCert), caCert)));
        assertTrue(e.getMessage().contains("lost with its PKCS#11 session"), e.getMessage());
        assertEquals(List.of(), online.list());
        online.discard(key);
        try (TokenBackdoor token = new TokenBackdoor(LIBRARY, LABEL, pinFile())) {
            assertEquals(List.of(), token.objects(CKO_PRIVATE_KEY, null));
            assertEquals(List.of(), token.objects(CKO_PUBLIC_KEY, null), "what was left of the key is destroyed");
        }
        givenStoredChain(online, KeyAlgorithm.ECC_P384, ca, caCert);
        assertEquals(1, online.list().size());
    }

    @Test
    void givenUnownedToken_whenGenerateKey_thenWrongStateAndClearAndListDoNothing() throws Exception {
        ModuleStore store = givenStore(givenComponent(), "iam", params());

        thenFails(ErrorCode.WRONG_STATE, () -> store.generateKey(KeyAlgorithm.ECC_P384));

        store.clear();
        assertEquals(List.of(), store.list());
    }

    @Test
    void givenWrongLengthPassword_whenSetOwnerOnFreeToken_thenInvalidArgumentAndNotOwned() throws Exception {
        ModuleStore store = givenStore(givenComponent(), "iam", params());

        thenFails(ErrorCode.INVALID_ARGUMENT, () -> store.setOwner(new char[0]));

        assertFalse(store.isOwned());
        assertFalse(Files.exists(pinFile()));
    }
}
