package org.edgeiam.keystore.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;

import java.nio.file.Files;
import java.security.KeyPair;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.StoredCertificate;
import org.edgeiam.spi.keystore.TlsKey;
import org.junit.jupiter.api.Test;

/** Checking the SO password with an SO login that changes nothing on the token. */
class CheckOwnerTest extends Pkcs11TestBase {

    @Test
    void givenOwnedToken_whenRightPassword_thenTrueAndEverythingStays() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        KeyPair ca = caKeys();
        StoredCertificate stored = givenStoredChain(store, KeyAlgorithm.ECC_P384, ca, caCert(ca, "Test CA"));
        String pin = Files.readString(pinFile());

        assertTrue(store.checkOwner(SO_PASSWORD.toCharArray()));

        thenTokenHolds(1, 2);
        assertEquals(pin, Files.readString(pinFile()));
        TlsKey tls = store.load(stored.certUrl(), stored.keyUrl());
        thenSignsAndVerifies(tls.privateKey(), tls.provider(), tls.chain().get(0).getPublicKey(), "SHA384withECDSA");
        givenStoredChain(store, KeyAlgorithm.ECC_P384, ca, caCert(ca, "Test CA"));
        assertEquals(2, store.list().size(), "the user login comes back by itself");
    }

    @Test
    void givenOwnedToken_whenWrongPassword_thenInvalidArgumentWithoutItAndNothingChanged() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        KeyPair ca = caKeys();
        StoredCertificate stored = givenStoredChain(store, KeyAlgorithm.ECC_P384, ca, caCert(ca, "Test CA"));
        String pin = Files.readString(pinFile());

        var e = thenFails(ErrorCode.INVALID_ARGUMENT, () -> store.checkOwner("guessed-so-pin".toCharArray()));

        assertEquals("wrong SO password for token " + LABEL, e.getMessage());
        thenTokenHolds(1, 2);
        assertEquals(pin, Files.readString(pinFile()));
        assertTrue(store.isOwned());
        TlsKey tls = store.load(stored.certUrl(), stored.keyUrl());
        thenSignsAndVerifies(tls.privateKey(), tls.provider(), tls.chain().get(0).getPublicKey(), "SHA384withECDSA");
        assertTrue(store.checkOwner(SO_PASSWORD.toCharArray()));
    }

    @Test
    void givenFreeToken_whenChecked_thenFalseAndTokenStaysUninitialised() throws Exception {
        ModuleStore store = givenStore(givenComponent(), "iam", params());

        assertFalse(store.checkOwner("anything-1234".toCharArray()));

        assertFalse(store.isOwned());
        assertFalse(Files.exists(pinFile()));
        store.setOwner(SO_PASSWORD.toCharArray()); // the first owner still wins
        assertTrue(store.checkOwner(SO_PASSWORD.toCharArray()));
    }

    @Test
    void givenTokenInitialisedElsewhereWithoutPinFile_whenChecked_thenFalse() throws Exception {
        givenTokenInitialisedBySofthsmUtil(LABEL, SO_PASSWORD, "other-user-pin");
        ModuleStore store = givenStore(givenComponent(), "iam", params());

        assertFalse(store.checkOwner("anything-1234".toCharArray()), "this type has no owner yet");

        thenFails(ErrorCode.INVALID_ARGUMENT, () -> store.setOwner("anything-1234".toCharArray()));
    }

    private void thenTokenHolds(int keys, int certificates) throws Exception {
        try (TokenBackdoor token = new TokenBackdoor(LIBRARY, LABEL, pinFile())) {
            assertEquals(keys, token.tokenObjects(CKO_PRIVATE_KEY, null).size());
            assertEquals(certificates, token.tokenObjects(CKO_CERTIFICATE, null).size());
        }
    }
}
