package org.edgeiam.keystore.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;

import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.StoredCertificate;
import org.junit.jupiter.api.Test;

/** Two cert types on one token: Clear removes only its own type's objects. */
class SharedTokenTest extends Pkcs11TestBase {

    @Test
    void givenTwoTypesSharingTokenAndCa_whenOneCleared_thenOtherKeepsEntryAndFullChain() throws Exception {
        var component = givenComponent();
        ModuleStore online = givenOwnedStore(component, "online");
        ModuleStore offline = givenOwnedStore(component, "offline");
        KeyPair ca = caKeys();
        X509Certificate caCert = caCert(ca, "Shared CA");
        givenStoredChain(online, KeyAlgorithm.ECC_P384, ca, caCert);
        givenStoredChain(online, KeyAlgorithm.ECC_P384, ca, caCert);
        online.generateKey(KeyAlgorithm.ECC_P384);
        StoredCertificate kept = givenStoredChain(offline, KeyAlgorithm.ECC_P384, ca, caCert);

        online.clear();

        assertEquals(List.of(), online.list());
        assertEquals(1, offline.list().size());
        assertEquals(List.of(offline.certificates(kept.certUrl()).get(0), caCert), offline.certificates(kept.certUrl()));
        try (TokenBackdoor token = new TokenBackdoor(LIBRARY, LABEL, pinFile())) {
            assertEquals(List.of(), token.objects(CKO_PRIVATE_KEY, "online"));
            assertEquals(List.of(), token.objects(CKO_PUBLIC_KEY, "online"));
            assertEquals(1, token.objects(CKO_CERTIFICATE, Clearing.chainLabel("offline")).size(),
                    "the CA passed to the type that still needs it");
        }

        offline.clear();

        try (TokenBackdoor token = new TokenBackdoor(LIBRARY, LABEL, pinFile())) {
            assertEquals(List.of(), token.objects(CKO_CERTIFICATE, null));
            assertEquals(List.of(), token.objects(CKO_PRIVATE_KEY, null));
            assertEquals(List.of(), token.objects(CKO_PUBLIC_KEY, null));
        }
    }

    @Test
    void givenTypeWithOwnCa_whenCleared_thenItsCaIsDestroyedAndOtherCaKept() throws Exception {
        var component = givenComponent();
        ModuleStore online = givenOwnedStore(component, "online");
        ModuleStore offline = givenOwnedStore(component, "offline");
        KeyPair caA = caKeys();
        KeyPair caB = caKeys();
        givenStoredChain(online, KeyAlgorithm.ECC_P384, caA, caCert(caA, "CA A"));
        X509Certificate caBCert = caCert(caB, "CA B");
        givenStoredChain(offline, KeyAlgorithm.ECC_P384, caB, caBCert);

        online.clear();

        try (TokenBackdoor token = new TokenBackdoor(LIBRARY, LABEL, pinFile())) {
            assertEquals(List.of(), token.objects(CKO_CERTIFICATE, Clearing.chainLabel("online")));
            assertEquals(2, token.objects(CKO_CERTIFICATE, null).size(), "offline's leaf and CA B");
        }
        assertEquals(1, offline.list().size());
    }
}
