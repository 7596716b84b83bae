package org.edgeiam.keystore.soft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.PendingKey;
import org.junit.jupiter.api.Test;

/** Checking the owner password: against the verifier, changing nothing either way. */
class SoftStoreCheckOwnerTest extends SoftStoreTestBase {

    @Test
    void givenOwnedStore_whenRightPassword_thenTrueAndNothingChanged() throws Exception {
        ModuleStore store = givenOwnedStore();
        givenStoredCertificate(store, KeyAlgorithm.ECC_P384);
        PendingKey pending = store.generateKey(KeyAlgorithm.ECC_P384);
        Map<String, String> before = snapshot(this.tmp);

        assertTrue(store.checkOwner(OWNER_PASSWORD.clone()));

        assertEquals(before, snapshot(this.tmp));
        store.store(pending, List.of(selfSigned(pending))); // still pending
        assertEquals(2, store.list().size());
    }

    @Test
    void givenOwnedStore_whenWrongPassword_thenInvalidArgumentWithoutThePasswordAndNothingChanged() throws Exception {
        ModuleStore store = givenOwnedStore();
        givenStoredCertificate(store, KeyAlgorithm.ECC_P384);
        PendingKey pending = store.generateKey(KeyAlgorithm.ECC_P384);
        Map<String, String> before = snapshot(this.tmp);

        IamException e = thenFails(ErrorCode.INVALID_ARGUMENT, () -> store.checkOwner("guessed-1234".toCharArray()));

        assertEquals("wrong owner password for soft store " + TYPE, e.getMessage());
        assertEquals(before, snapshot(this.tmp));
        store.store(pending, List.of(selfSigned(pending)));
        assertEquals(2, store.list().size());
    }

    @Test
    void givenStoreNotOwned_whenChecked_thenFalseAndNothingCreated() throws Exception {
        ModuleStore store = givenStore();

        assertFalse(store.checkOwner("anything".toCharArray()));

        assertFalse(Files.exists(storeDir()));
    }

    @Test
    void givenPinFileWithoutVerifier_whenChecked_thenFalseAndNoVerifierWritten() throws Exception {
        Files.createDirectories(storeDir());
        Files.writeString(pinFile(), "0123456789abcdef0123456789abcd\n");
        ModuleStore store = givenStore();

        assertFalse(store.checkOwner("anything".toCharArray()));

        assertEquals(List.of(".usrpin"), names(storeDir()));
    }

    @Test
    void givenClosedStore_whenChecked_thenUnavailable() throws Exception {
        ModuleStore store = givenOwnedStore();
        store.close();

        thenFails(ErrorCode.UNAVAILABLE, () -> store.checkOwner(OWNER_PASSWORD.clone()));
    }
}
