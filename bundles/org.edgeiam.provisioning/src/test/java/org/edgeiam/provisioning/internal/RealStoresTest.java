package org.edgeiam.provisioning.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.keystore.pkcs11.internal.Pkcs11KeyStorage;
import org.edgeiam.keystore.soft.internal.SoftKeyStorage;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.PendingKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Provisioning on a soft store ({@code online}) and a SoftHSM2 token ({@code hsm}): a wrong
 * password on StartProvisioning, FinishProvisioning or Deprovision is refused by the token's SO
 * login and changes no key, certificate or state; the right one works.
 */
class RealStoresTest extends ProvisionTestBase {
    private static final Path SOFTHSM = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    private final Pkcs11KeyStorage pkcs11 = new Pkcs11KeyStorage();
    private final StoreCertHandler stores = new StoreCertHandler();

    @BeforeEach
    void givenSoftStoreAndToken(TestInfo test) throws Exception {
        Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
        Path tokens = conf.getParent().resolve("softhsm/" + test.getTestMethod().orElseThrow().getName());
        if (Files.exists(tokens)) {
            try (Stream<Path> files = Files.walk(tokens)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        this.stores.stores.put("hsm", this.pkcs11.open("hsm", Map.of("library", SOFTHSM.toString(), "tokenLabel",
                "edgeiam", "userPinPath", this.tmp.resolve("hsm.pin").toString())));
        this.stores.stores.put("online", new SoftKeyStorage().open("online", Map.of("storePath",
                this.tmp.resolve("online").toString())));
        this.manager.bindCertHandler(this.stores);
    }

    @AfterEach
    void closeStores() {
        this.stores.stores.values().forEach(ModuleStore::close);
        this.pkcs11.deactivate();
    }

    @Test
    void wrongPasswordChangesNothingAtAnyStepAndTheRightOneWorks() throws Exception {
        manager.startProvisioning(OWNER);
        givenStoredCertificates();

        thenWrongSoPassword(() -> manager.finishProvisioning(WRONG));
        thenEachStoreHolds(1, NodeState.UNPROVISIONED);
        manager.finishProvisioning(OWNER);
        thenEachStoreHolds(1, NodeState.PROVISIONED);

        thenWrongSoPassword(() -> manager.deprovision(WRONG));
        thenEachStoreHolds(1, NodeState.PROVISIONED);
        manager.deprovision(OWNER);
        thenEachStoreHolds(0, NodeState.UNPROVISIONED);

        givenStoredCertificates(); // the stores stay owned after Deprovision
        thenWrongSoPassword(() -> manager.startProvisioning(WRONG));
        thenEachStoreHolds(1, NodeState.UNPROVISIONED);
        manager.startProvisioning(OWNER);
        thenEachStoreHolds(0, NodeState.UNPROVISIONED);
        assertEquals(List.of("start", "disk-encryption", "finish", "deprovision", "start", "disk-encryption"),
                hooksRun());
    }

    @Test
    void onlyTheSoftStoreOwned_whenStartWithWrongPassword_thenItsVerifierRefusesAndTheTokenStaysFree()
            throws Exception {
        stores.setOwner("online", OWNER);

        var e = thenFails(ErrorCode.INVALID_ARGUMENT, () -> manager.startProvisioning(WRONG));

        assertEquals("owner password check of cert type online failed: wrong owner password for soft store online",
                e.getMessage());
        assertFalse(stores.stores.get("hsm").isOwned(), "the token was not taken");
        assertEquals(List.of(), hooksRun());
    }

    private void givenStoredCertificates() throws Exception {
        for (ModuleStore store : stores.stores.values()) {
            PendingKey key = store.generateKey(KeyAlgorithm.ECC_P384);
            store.store(key, List.of(selfSigned(key)));
        }
    }

    private void thenWrongSoPassword(org.junit.jupiter.api.function.Executable call) {
        var e = thenFails(ErrorCode.INVALID_ARGUMENT, call);
        assertEquals("owner password check of cert type hsm failed: wrong SO password for token edgeiam",
                e.getMessage());
    }

    private void thenEachStoreHolds(int entries, NodeState state) throws Exception {
        assertEquals(entries, stores.stores.get("hsm").list().size(), "hsm");
        assertEquals(entries, stores.stores.get("online").list().size(), "online");
        assertEquals(state, node.state);
    }

    private static X509Certificate selfSigned(PendingKey key) throws Exception {
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=" + key.id());
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), name, key.publicKey());
        JcaContentSignerBuilder signer = new JcaContentSignerBuilder("SHA384withECDSA");
        key.signingProvider().ifPresent(signer::setProvider);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer.build(key.privateKey())));
    }
}
