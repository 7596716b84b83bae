package org.edgeiam.keystore.soft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.KeyStorage;
import org.edgeiam.spi.keystore.ModuleStore;
import org.junit.jupiter.api.Test;

/** The plugin component: its registration, and opening stores from module parameters. */
class SoftKeyStorageTest extends SoftStoreTestBase {

    @Test
    void registersAsPluginSoftmodule() throws Exception {
        String xml;
        try (InputStream in = SoftKeyStorage.class.getResourceAsStream(
                "/OSGI-INF/" + SoftKeyStorage.class.getName() + ".xml")) {
            assertNotNull(in, "bnd generated the component description");
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertTrue(xml.contains("<property name=\"" + KeyStorage.PLUGIN + "\" type=\"String\" value=\"softmodule\"/>"),
                xml);
        assertTrue(xml.contains("<provide interface=\"" + KeyStorage.class.getName() + "\"/>"), xml);
        assertTrue(xml.contains("deactivate=\"deactivate\""), xml);
        assertTrue(this.storage.describe().startsWith("software key store (PKCS#8 files encrypted with AES-256"),
                this.storage.describe());
    }

    @Test
    void aMissingStorePathIsNamed() {
        Map<String, String> blank = new HashMap<>();
        blank.put("storePath", "  ");
        blank.put("userPinPath", this.tmp.resolve("pin").toString());

        for (Map<String, String> params : Arrays.asList(Map.<String, String>of(), blank, null)) {
            IamException e = thenFails(ErrorCode.INVALID_ARGUMENT, () -> this.storage.open(TYPE, params));
            assertTrue(e.getMessage().contains("storePath"), e.getMessage());
            assertTrue(e.getMessage().contains(TYPE), e.getMessage());
        }
    }

    @Test
    void aPinPathTheStoreManagesIsRefused() {
        String store = storeDir().toString();

        for (String pin : new String[] {store + "/abc.key", store + "/x.pem", store + "/.owner", store}) {
            IamException e = thenFails(ErrorCode.INVALID_ARGUMENT,
                    () -> this.storage.open(TYPE, Map.of("storePath", store, "userPinPath", pin)));
            assertTrue(e.getMessage().contains("userPinPath"), e.getMessage());
        }
        thenFails(ErrorCode.INVALID_ARGUMENT, () -> this.storage.open(" ", Map.of("storePath", store)));
        thenFails(ErrorCode.INVALID_ARGUMENT, () -> this.storage.open(TYPE, Map.of("storePath", "a\0b")));
    }

    @Test
    void openingChangesNothingOnDisk() throws Exception {
        Map<String, String> before = snapshot(this.tmp);

        ModuleStore store = givenStore();
        assertFalse(store.isOwned());
        assertTrue(store.list().isEmpty());
        store.clear();

        assertEquals(before, snapshot(this.tmp));
        assertFalse(Files.exists(storeDir()));
    }

    @Test
    void aRelativeStorePathIsResolvedAgainstTheWorkingDirectory() throws Exception {
        ModuleStore store = this.storage.open(TYPE, Map.of("storePath", "var/soft/" + TYPE, "userPinPath", ""));

        String url = Path.of("var/soft/" + TYPE + "/a.pem").toAbsolutePath().toUri().toString();

        thenFails(ErrorCode.NOT_FOUND, () -> store.certificates(url)); // inside the store, not there
        thenFails(ErrorCode.WRONG_STATE, () -> store.generateKey(org.edgeiam.spi.keystore.KeyAlgorithm.RSA_2048));
        store.close();
        assertFalse(Files.exists(Path.of("var/soft")));
    }
}
