package org.edgeiam.keystore.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;

import java.security.KeyPair;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.PendingKey;
import org.edgeiam.spi.keystore.StoredCertificate;
import org.edgeiam.spi.keystore.StoredEntry;
import org.edgeiam.spi.keystore.TlsKey;
import org.junit.jupiter.api.Test;

/** Storing chains, their URLs, listing, loading and removing. */
class StoreTest extends Pkcs11TestBase {

    @Test
    void givenPendingKey_whenChainStored_thenReferenceUrlsAndCompleteEntryAndLoadableChain() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        KeyPair ca = caKeys();
        X509Certificate caCert = caCert(ca, "Test CA");
        PendingKey key = store.generateKey(KeyAlgorithm.ECC_P384);
        X509Certificate leaf = leaf(key.publicKey(), ca, caCert);

        StoredCertificate stored = store.store(key, List.of(leaf, caCert));

        String id = key.id().replaceAll("(..)", "%$1");
        assertEquals("pkcs11:token=aos;object=iam;id=" + id + "?pin-source=" + pinFile(), stored.certUrl());
        assertEquals(stored.certUrl(), stored.keyUrl());
        assertEquals(List.of(new StoredEntry(Optional.of(stored.certUrl()), Optional.of(stored.keyUrl()),
                Optional.of(leaf))), store.list());
        assertEquals(List.of(leaf, caCert), store.certificates(stored.certUrl()));
        TlsKey tls = store.load(stored.certUrl(), stored.keyUrl());
        assertEquals(List.of(leaf, caCert), tls.chain());
        assertEquals(key.provider(), tls.provider());
        thenSignsAndVerifies(tls.privateKey(), tls.provider(), leaf.getPublicKey(), "SHA384withECDSA");
    }

    @Test
    void givenModulePathInUrl_whenStored_thenUrlCarriesModulePathThenPinSource() throws Exception {
        Map<String, String> params = params();
        params.put("modulePathInUrl", "true");
        ModuleStore store = givenStore(givenComponent(), "online", params);
        store.setOwner(SO_PASSWORD.toCharArray());
        KeyPair ca = caKeys();

        StoredCertificate stored = givenStoredChain(store, KeyAlgorithm.ECC_P384, ca, caCert(ca, "Test CA"));

        assertTrue(stored.certUrl().matches("pkcs11:token=aos;object=online;id=(%[0-9A-F]{2}){16}\\?module-path="
                + LIBRARY + "&pin-source=" + pinFile()), stored.certUrl());
    }

    @Test
    void givenTwoChainsWithTheSameCa_whenStored_thenCaStoredOnceAndBothChainsLoad() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        KeyPair ca = caKeys();
        X509Certificate caCert = caCert(ca, "Test CA");

        StoredCertificate first = givenStoredChain(store, KeyAlgorithm.ECC_P384, ca, caCert);
        StoredCertificate second = givenStoredChain(store, KeyAlgorithm.RSA_2048, ca, caCert);

        try (TokenBackdoor token = new TokenBackdoor(LIBRARY, LABEL, pinFile())) {
            assertEquals(3, token.objects(CKO_CERTIFICATE, null).size(), "2 leaves + 1 CA");
            assertEquals(1, token.objects(CKO_CERTIFICATE, Clearing.chainLabel("iam")).size());
        }
        assertEquals(caCert, store.certificates(first.certUrl()).get(1));
        assertEquals(caCert, store.certificates(second.certUrl()).get(1));
        TlsKey rsa = store.load(second.certUrl(), second.keyUrl());
        thenSignsAndVerifies(rsa.privateKey(), rsa.provider(), rsa.chain().get(0).getPublicKey(), "SHA256withRSA");
    }

    @Test
    void givenStoredChain_whenRemoved_thenGoneAndSecondRemoveNotFound() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        KeyPair ca = caKeys();
        StoredCertificate stored = givenStoredChain(store, KeyAlgorithm.ECC_P384, ca, caCert(ca, "Test CA"));
        TlsKey tls = store.load(stored.certUrl(), stored.keyUrl());
        thenSignsAndVerifies(tls.privateKey(), tls.provider(), tls.chain().get(0).getPublicKey(), "SHA384withECDSA");

        store.remove(stored.certUrl(), stored.keyUrl());

        assertEquals(List.of(), store.list());
        var e = assertThrows(SignatureException.class, () -> thenSignsAndVerifies(tls.privateKey(), tls.provider(),
                tls.chain().get(0).getPublicKey(), "SHA384withECDSA"));
        assertTrue(e.getMessage().contains("has no key"), e.getMessage());
        thenFails(ErrorCode.NOT_FOUND, () -> store.load(stored.certUrl(), stored.keyUrl()));
        thenFails(ErrorCode.NOT_FOUND, () -> store.remove(stored.certUrl(), stored.keyUrl()));
        thenFails(ErrorCode.NOT_FOUND, () -> store.remove("file:/nothing", ""));
    }

    @Test
    void givenCertificateOfAnotherKey_whenStored_thenInvalidArgumentAndNothingStored() throws Exception {
        ModuleStore store = givenOwnedStore(givenComponent(), "iam");
        KeyPair ca = caKeys();
        X509Certificate caCert = caCert(ca, "Test CA");
        PendingKey key = store.generateKey(KeyAlgorithm.ECC_P384);

        thenFails(ErrorCode.INVALID_ARGUMENT, () -> store.store(key, List.of(leaf(caKeys().getPublic(), ca, caCert))));

        try (TokenBackdoor token = new TokenBackdoor(LIBRARY, LABEL, pinFile())) {
            assertEquals(List.of(), token.objects(CKO_CERTIFICATE, null));
        }
        store.store(key, List.of(leaf(key.publicKey(), ca, caCert), caCert));
    }

    @Test
    void givenUrlOfAnotherCertType_whenLoaded_thenNotFound() throws Exception {
        var component = givenComponent();
        ModuleStore iam = givenOwnedStore(component, "iam");
        ModuleStore online = givenStore(component, "online", params());
        KeyPair ca = caKeys();
        StoredCertificate stored = givenStoredChain(iam, KeyAlgorithm.ECC_P384, ca, caCert(ca, "Test CA"));

        thenFails(ErrorCode.NOT_FOUND, () -> online.load(stored.certUrl(), stored.keyUrl()));
        thenFails(ErrorCode.NOT_FOUND, () -> online.remove(stored.certUrl(), stored.keyUrl()));
        assertEquals(1, iam.list().size());
    }
}
