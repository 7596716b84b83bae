package org.edgeiam.keystore.soft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.PendingKey;
import org.edgeiam.spi.keystore.StoredCertificate;
import org.junit.jupiter.api.Test;

/** Taking ownership: the user PIN file, the owner verifier, and what needs an owned store. */
class SoftStoreOwnershipTest extends SoftStoreTestBase {

    @Test
    void aNewStoreIsNotOwnedAndCannotGenerateKeys() throws Exception {
        ModuleStore store = givenStore();

        assertFalse(store.isOwned());
        thenFails(ErrorCode.WRONG_STATE, () -> store.generateKey(KeyAlgorithm.ECC_P384));
        assertEquals(List.of(), store.list());
        assertFalse(Files.exists(storeDir()), "opening and reading create nothing");
    }

    @Test
    void setOwnerCreatesThePinFileAndTheDirectory() throws Exception {
        ModuleStore store = givenStore();

        store.setOwner(OWNER_PASSWORD.clone());

        assertTrue(store.isOwned());
        assertTrue(Files.isDirectory(storeDir()));
        assertEquals("rwx------", mode(storeDir()));
        assertEquals(64, Files.readString(pinFile()).length());
        assertEquals(List.of(".owner", ".usrpin"), names(storeDir()), "no temporary files left");
    }

    @Test
    void wrongPasswordOnAnOwnedStoreFailsAndChangesNothing() throws Exception {
        ModuleStore store = givenOwnedStore();
        PendingKey pending = store.generateKey(KeyAlgorithm.ECC_P384);
        givenStoredCertificate(store, KeyAlgorithm.ECC_P384);
        Map<String, String> before = snapshot(this.tmp);

        IamException e = thenFails(ErrorCode.INVALID_ARGUMENT, () -> store.setOwner("wrong".toCharArray()));

        assertEquals("wrong owner password for soft store " + TYPE, e.getMessage());
        assertEquals(before, snapshot(this.tmp));
        assertEquals(1, store.list().size());
        store.store(pending, List.of(selfSigned(pending))); // still pending: nothing changed
    }

    @Test
    void rightPasswordOnAnOwnedStoreKeepsThePinAndTheKeys() throws Exception {
        ModuleStore store = givenOwnedStore();
        StoredCertificate stored = givenStoredCertificate(store, KeyAlgorithm.RSA_2048);
        PendingKey pending = store.generateKey(KeyAlgorithm.ECC_P384);
        String pin = Files.readString(pinFile());

        store.setOwner(OWNER_PASSWORD.clone());

        assertEquals(pin, Files.readString(pinFile()));
        assertEquals("RSA", store.load(stored.certUrl(), stored.keyUrl()).privateKey().getAlgorithm());
        thenFails(ErrorCode.NOT_FOUND, () -> store.store(pending, List.of(selfSigned(pending))));
    }

    @Test
    void aPinFileWithoutVerifierIsAdoptedByTheFirstOwner() throws Exception {
        Files.createDirectories(storeDir());
        Files.writeString(pinFile(), "0123456789abcdef0123456789abcd\n");
        ModuleStore store = givenStore();
        assertTrue(store.isOwned());

        store.setOwner(OWNER_PASSWORD.clone());
        StoredCertificate stored = givenStoredCertificate(store, KeyAlgorithm.ECC_P384);

        assertEquals("0123456789abcdef0123456789abcd\n", Files.readString(pinFile()), "the PIN is kept");
        assertEquals("EC", store.load(stored.certUrl(), stored.keyUrl()).privateKey().getAlgorithm());
        thenFails(ErrorCode.INVALID_ARGUMENT, () -> store.setOwner("other".toCharArray()));
    }

    @Test
    void owningAgainAfterThePinWasLostRemovesTheUnreadableKeys() throws Exception {
        ModuleStore store = givenOwnedStore();
        givenStoredCertificate(store, KeyAlgorithm.ECC_P384);
        Files.delete(pinFile());
        Files.writeString(storeDir().resolve("notes.txt"), "kept");
        assertFalse(store.isOwned());

        store.setOwner("new owner".toCharArray());

        assertTrue(store.isOwned());
        assertEquals(List.of(), store.list());
        assertTrue(Files.exists(storeDir().resolve("notes.txt")), "only entry files are removed");
        store.setOwner("new owner".toCharArray());
        thenFails(ErrorCode.INVALID_ARGUMENT, () -> store.setOwner(OWNER_PASSWORD.clone()));
    }

    @Test
    void aCustomPinFileIsCreatedWithItsDirectory() throws Exception {
        Path pin = this.tmp.resolve("secrets/iam/online.pin");
        ModuleStore store = this.storage.open(TYPE, Map.of("storePath", storeDir().toString(),
                "userPinPath", pin.toString()));

        store.setOwner(new char[0]);
        StoredCertificate stored = givenStoredCertificate(store, KeyAlgorithm.ECC_P384);

        assertEquals("rw-------", mode(pin));
        assertEquals("rwx------", mode(pin.getParent()));
        assertFalse(Files.exists(pinFile()));
        assertEquals("EC", store.load(stored.certUrl(), stored.keyUrl()).privateKey().getAlgorithm());
        store.close();
    }

    @Test
    void theOwnerPasswordIsNeverInTheFiles() throws Exception {
        givenOwnedStore();

        for (String content : snapshot(this.tmp).values()) {
            assertFalse(content.contains(new String(OWNER_PASSWORD)), content);
        }
    }
}
