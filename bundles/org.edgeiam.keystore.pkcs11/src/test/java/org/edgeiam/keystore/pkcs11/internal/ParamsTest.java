package org.edgeiam.keystore.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.junit.jupiter.api.Test;

/** The AosEdge module parameters and the errors for bad ones. */
class ParamsTest extends Pkcs11TestBase {

    @Test
    void givenLibraryThatDoesNotExist_whenOpened_thenInvalidArgumentNamingParameterAndPath() {
        Map<String, String> params = params();
        params.put("library", "/no/such/libpkcs11.so");

        var e = thenFails(ErrorCode.INVALID_ARGUMENT, () -> givenComponent().open("iam", params));

        assertTrue(e.getMessage().contains("library") && e.getMessage().contains("/no/such/libpkcs11.so"),
                e.getMessage());
    }

    @Test
    void givenFileThatIsNoPkcs11Library_whenOpened_thenInvalidArgumentNamingIt() throws Exception {
        Path notALibrary = Files.writeString(this.dir.resolve("not-a-library.so"), "text");
        Map<String, String> params = params();
        params.put("library", notALibrary.toString());

        var e = thenFails(ErrorCode.INVALID_ARGUMENT, () -> givenComponent().open("iam", params));

        assertTrue(e.getMessage().contains(notALibrary.toString()), e.getMessage());
    }

    @Test
    void givenTwoSlotSelectors_whenOpened_thenInvalidArgument() {
        Map<String, String> params = params();
        params.put("slotIndex", "0");

        thenFails(ErrorCode.INVALID_ARGUMENT, () -> givenComponent().open("iam", params));
    }

    @Test
    void givenMissingUserPinPathOrBadFlag_whenOpened_thenInvalidArgument() {
        Map<String, String> noPin = params();
        noPin.remove("userPinPath");
        Map<String, String> badFlag = params();
        badFlag.put("modulePathInUrl", "yes");
        Map<String, String> badSlot = params();
        badSlot.remove("tokenLabel");
        badSlot.put("slotID", "twelve");

        thenFails(ErrorCode.INVALID_ARGUMENT, () -> givenComponent().open("iam", noPin));
        thenFails(ErrorCode.INVALID_ARGUMENT, () -> givenComponent().open("iam", badFlag));
        thenFails(ErrorCode.INVALID_ARGUMENT, () -> givenComponent().open("iam", badSlot));
    }

    @Test
    void givenSlotIdWithoutToken_whenOpened_thenNotFoundNamingIt() {
        Map<String, String> params = params();
        params.remove("tokenLabel");
        params.put("slotID", "424242");

        var e = thenFails(ErrorCode.NOT_FOUND, () -> givenComponent().open("iam", params));

        assertTrue(e.getMessage().contains("424242"), e.getMessage());
    }

    @Test
    void givenSlotIndexAndDefaultLabel_whenOwned_thenTokenLabelledAos() throws Exception {
        Map<String, String> params = params();
        params.remove("tokenLabel");
        params.put("SLOTINDEX", "0");
        ModuleStore store = givenStore(givenComponent(), "iam", params);

        store.setOwner(SO_PASSWORD.toCharArray());

        assertTrue(store.isOwned());
        var ca = caKeys();
        var stored = givenStoredChain(store, KeyAlgorithm.ECC_P384, ca, caCert(ca, "Test CA"));
        assertTrue(stored.certUrl().startsWith("pkcs11:token=aos;object=iam;id=%"), stored.certUrl());
    }

    @Test
    void givenComponent_whenDescribed_thenOneLineWithoutSecrets() throws Exception {
        var component = givenComponent();
        givenOwnedStore(component, "iam");

        String description = component.describe();

        assertFalse(description.contains("\n"));
        assertFalse(description.contains(Files.readString(pinFile()).strip()));
        assertTrue(description.contains(LIBRARY.toString()), description);
    }
}
