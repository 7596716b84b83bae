package org.edgeiam.keystore.soft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.PendingKey;
import org.edgeiam.spi.keystore.StoredCertificate;
import org.edgeiam.spi.keystore.StoredEntry;
import org.junit.jupiter.api.Test;

/** Listing with orphans, removing, clearing, and failures that must leave the store as it was. */
class SoftStoreEntriesTest extends SoftStoreTestBase {

    @Test
    void orphansAreListedForRemoval() throws Exception {
        ModuleStore store = givenOwnedStore();
        StoredCertificate complete = givenStoredCertificate(store, KeyAlgorithm.ECC_P384);
        StoredCertificate certOnly = givenStoredCertificate(store, KeyAlgorithm.ECC_P384);
        StoredCertificate keyOnly = givenStoredCertificate(store, KeyAlgorithm.ECC_P384);
        StoredCertificate badCert = givenStoredCertificate(store, KeyAlgorithm.ECC_P384);
        Files.writeString(path(badCert.certUrl()), "not PEM");
        Files.delete(path(certOnly.keyUrl()));
        Files.delete(path(keyOnly.certUrl()));
        Path garbled = storeDir().resolve("garbled.pem");
        Files.writeString(garbled, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        Files.writeString(storeDir().resolve(".garbled.pem.123.tmp"), "half written");
        Files.writeString(storeDir().resolve("README"), "not an entry");

        List<StoredEntry> entries = store.list();

        assertEquals(5, entries.size(), entries.toString());
        assertTrue(entries.contains(new StoredEntry(Optional.of(complete.certUrl()), Optional.of(complete.keyUrl()),
                Optional.of(store.certificates(complete.certUrl()).get(0)))));
        assertTrue(entries.contains(new StoredEntry(Optional.of(certOnly.certUrl()), Optional.empty(),
                Optional.of(store.certificates(certOnly.certUrl()).get(0)))));
        assertTrue(entries.contains(new StoredEntry(Optional.empty(), Optional.of(keyOnly.keyUrl()),
                Optional.empty())));
        assertTrue(entries.contains(new StoredEntry(Optional.of(garbled.toUri().toString()), Optional.empty(),
                Optional.empty())));
        assertTrue(entries.contains(new StoredEntry(Optional.of(badCert.certUrl()), Optional.of(badCert.keyUrl()),
                Optional.empty())), "a key whose certificate does not parse goes with it");
        thenFails(ErrorCode.RUNTIME, () -> store.certificates(garbled.toUri().toString()));
        for (StoredEntry orphan : entries) {
            if (!orphan.isComplete()) {
                store.remove(orphan.certUrl().orElse(""), orphan.keyUrl().orElse(""));
            }
        }
        assertEquals(List.of(complete.certUrl()), store.list().stream().map(e -> e.certUrl().get()).toList());
        assertTrue(Files.exists(storeDir().resolve("README")));
    }

    @Test
    void removeDeletesBothFilesAndThenFindsNothing() throws Exception {
        ModuleStore store = givenOwnedStore();
        StoredCertificate stored = givenStoredCertificate(store, KeyAlgorithm.RSA_2048);

        store.remove(stored.certUrl(), stored.keyUrl());

        assertFalse(Files.exists(path(stored.certUrl())));
        assertFalse(Files.exists(path(stored.keyUrl())));
        assertEquals(List.of(), store.list());
        thenFails(ErrorCode.NOT_FOUND, () -> store.remove(stored.certUrl(), stored.keyUrl()));
        thenFails(ErrorCode.NOT_FOUND, () -> store.load(stored.certUrl(), stored.keyUrl()));
        thenFails(ErrorCode.NOT_FOUND, () -> store.certificates(stored.certUrl()));
        thenFails(ErrorCode.INVALID_ARGUMENT, () -> store.remove("", " "));
    }

    @Test
    void clearRemovesEntriesAndKeepsOwnership() throws Exception {
        ModuleStore store = givenOwnedStore();
        givenStoredCertificate(store, KeyAlgorithm.ECC_P384);
        givenStoredCertificate(store, KeyAlgorithm.RSA_2048);
        PendingKey pending = store.generateKey(KeyAlgorithm.ECC_P384);
        Files.writeString(storeDir().resolve(".0a1b.key.4711.tmp"), "left by a crash");

        store.clear();

        assertEquals(List.of(), store.list());
        assertTrue(store.isOwned());
        assertEquals(List.of(".owner", ".usrpin"), names(storeDir()));
        thenFails(ErrorCode.NOT_FOUND, () -> store.store(pending, List.of(selfSigned(pending))));
        givenStoredCertificate(store, KeyAlgorithm.ECC_P384);
        assertEquals(1, store.list().size());
    }

    @Test
    void clearOnAStoreThatIsNotOwnedDoesNothing() throws Exception {
        Files.createDirectories(storeDir());
        Files.writeString(storeDir().resolve("abc.pem"), "left alone");
        ModuleStore store = givenStore();

        store.clear();

        assertEquals(List.of("abc.pem"), names(storeDir()));
    }

    @Test
    void aFailedStoreLeavesNothingBehind() throws Exception {
        ModuleStore store = givenOwnedStore();
        PendingKey key = store.generateKey(KeyAlgorithm.ECC_P384);
        Path blocker = storeDir().resolve(key.id() + ".pem");
        Files.createDirectories(blocker.resolve("occupied"));

        thenFails(ErrorCode.RUNTIME, () -> store.store(key, List.of(selfSigned(key))));

        assertEquals(List.of(".owner", ".usrpin", key.id() + ".pem"), names(storeDir()));
        assertEquals(List.of("occupied"), names(blocker));
        Files.delete(blocker.resolve("occupied"));
        Files.delete(blocker);
        StoredCertificate retried = store.store(key, List.of(selfSigned(key)));
        assertTrue(store.list().get(0).isComplete(), "the key stays pending after a failure: " + retried);
    }

    @Test
    void storeChecksTheKeyAndTheChain() throws Exception {
        ModuleStore store = givenOwnedStore();
        PendingKey key = store.generateKey(KeyAlgorithm.ECC_P384);
        PendingKey other = store.generateKey(KeyAlgorithm.ECC_P384);
        store.discard(other);

        thenFails(ErrorCode.INVALID_ARGUMENT, () -> store.store(key, List.of()));
        thenFails(ErrorCode.INVALID_ARGUMENT, () -> store.store(key, List.of(selfSigned(other))));
        thenFails(ErrorCode.NOT_FOUND, () -> store.store(other, List.of(selfSigned(other))));
        assertEquals(List.of(), store.list());
    }

    @Test
    void aTamperedPinFailsLoadingAndNamesTheFile() throws Exception {
        ModuleStore store = givenOwnedStore();
        StoredCertificate stored = givenStoredCertificate(store, KeyAlgorithm.ECC_P384);
        String pin = Files.readString(pinFile());
        Files.writeString(pinFile(), (pin.charAt(0) == '0' ? "1" : "0") + pin.substring(1));

        IamException e = thenFails(ErrorCode.RUNTIME, () -> store.load(stored.certUrl(), stored.keyUrl()));

        assertTrue(e.getMessage().contains(path(stored.keyUrl()).toString()), e.getMessage());
        assertFalse(e.getMessage().contains(pin.substring(1)), "no secrets in messages");
    }

    @Test
    void aCorruptKeyFileFailsLoadingAndNamesTheFile() throws Exception {
        ModuleStore store = givenOwnedStore();
        StoredCertificate stored = givenStoredCertificate(store, KeyAlgorithm.ECC_P384);
        Files.writeString(path(stored.keyUrl()), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        IamException e = thenFails(ErrorCode.RUNTIME, () -> store.load(stored.certUrl(), stored.keyUrl()));

        assertTrue(e.getMessage().contains(path(stored.keyUrl()).toString()), e.getMessage());
    }

    @Test
    void urlsOutsideTheStoreAreRefused() throws Exception {
        ModuleStore store = givenOwnedStore();
        StoredCertificate stored = givenStoredCertificate(store, KeyAlgorithm.ECC_P384);
        Path outside = this.tmp.resolve("elsewhere.pem");
        Files.copy(path(stored.certUrl()), outside);
        String pinUrl = pinFile().toUri().toString();
        String climbing = "file://" + storeDir() + "/../" + TYPE + "x/" + path(stored.certUrl()).getFileName();

        for (String url : List.of(outside.toUri().toString(), pinUrl, climbing, "/etc/passwd", "file:relative.pem",
                "http://example.org/a.pem", stored.keyUrl(), "file:///", "%zz")) {
            thenFails(ErrorCode.INVALID_ARGUMENT, () -> store.certificates(url));
            thenFails(ErrorCode.INVALID_ARGUMENT, () -> store.load(url, stored.keyUrl()));
            thenFails(ErrorCode.INVALID_ARGUMENT, () -> store.remove(url, ""));
        }
        thenFails(ErrorCode.INVALID_ARGUMENT, () -> store.load(stored.certUrl(), stored.certUrl()));
        thenFails(ErrorCode.INVALID_ARGUMENT, () -> store.remove("", pinUrl));
        assertTrue(Files.exists(pinFile()));
        assertTrue(Files.exists(outside));
    }

    @Test
    void aClosedStoreIsUnavailable() throws Exception {
        ModuleStore store = givenOwnedStore();
        ModuleStore other = givenOwnedStore();
        StoredCertificate stored = givenStoredCertificate(store, KeyAlgorithm.ECC_P384);

        store.close();
        this.storage.deactivate();

        for (ModuleStore closed : List.of(store, other)) {
            thenFails(ErrorCode.UNAVAILABLE, closed::isOwned);
            thenFails(ErrorCode.UNAVAILABLE, () -> closed.generateKey(KeyAlgorithm.ECC_P384));
            thenFails(ErrorCode.UNAVAILABLE, () -> closed.load(stored.certUrl(), stored.keyUrl()));
            thenFails(ErrorCode.UNAVAILABLE, closed::list);
        }
        assertEquals(1, givenStore().list().size(), "a store opened again works");
    }
}
