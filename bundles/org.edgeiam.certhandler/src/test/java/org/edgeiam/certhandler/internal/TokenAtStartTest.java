package org.edgeiam.certhandler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.keystore.pkcs11.internal.Pkcs11KeyStorage;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.PendingKey;
import org.edgeiam.spi.keystore.StoredCertificate;
import org.edgeiam.spi.keystore.TlsKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SoftHSM2 token that is missing when its cert type starts (the token directory moved away, as
 * when a hardware token is not plugged in) and is put back later: the cert type is unavailable
 * meanwhile, then opens by itself, without a restart, with its certificate, announced to
 * subscribers and usable for TLS.
 */
class TokenAtStartTest extends CertModuleTestBase {
    private static final String PLUGIN = "pkcs11module";
    private static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    @TempDir
    Path tmp;
    private Path tokens;
    private Map<String, String> params;
    private final List<Pkcs11KeyStorage> components = new CopyOnWriteArrayList<>();

    @BeforeEach
    void givenTokenDirectory() throws Exception {
        Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
        this.tokens = conf.getParent().resolve("softhsm/" + getClass().getSimpleName());
        if (Files.exists(this.tokens.getParent())) {
            try (Stream<Path> files = Files.walk(this.tokens.getParent())) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(this.tokens);
        Files.writeString(conf, "directories.tokendir = " + this.tokens + "\nobjectstore.backend = file\n"
                + "log.level = ERROR\n");
        this.params = Map.of("library", LIBRARY.toString(), "tokenLabel", "edgeiam", "userPinPath",
                this.tmp.resolve("hsm.pin").toString());
    }

    @AfterEach
    void stopComponents() {
        this.components.forEach(Pkcs11KeyStorage::deactivate);
    }

    @Test
    void givenTokenAwayAtStart_whenPutBack_thenTheCertTypeOpensWithoutRestart() throws Exception {
        CertInfo stored = givenOwnedTokenWithCertificate();
        Path aside = Files.move(this.tokens, this.tokens.resolveSibling("pulled-out"));
        CertModule module = givenModule("hsm", PLUGIN, this.params);
        List<CertInfo> announced = new CopyOnWriteArrayList<>();
        module.subscribe(announced::add);

        whenBackendBound(module, component(), PLUGIN);

        assertFalse(module.info().available());
        assertTrue(module.info().problem().contains("plugged in") && module.info().problem().contains("trying again"),
                module.info().problem());
        Files.move(aside, this.tokens);
        await("the token's store opened", () -> module.info().available(), 10);
        assertTrue(module.info().owned());
        await("subscribers hear of the current certificate", () -> !announced.isEmpty(), 5);
        assertEquals(stored.serialHex(), announced.get(0).serialHex());
        TlsKey key = module.currentTlsKey();
        Signature signer = Signature.getInstance("SHA384withECDSA", key.provider());
        signer.initSign(key.privateKey());
        signer.update("hello".getBytes(StandardCharsets.UTF_8));
        Signature verifier = Signature.getInstance("SHA384withECDSA");
        verifier.initVerify(key.chain().get(0).getPublicKey());
        verifier.update("hello".getBytes(StandardCharsets.UTF_8));
        assertTrue(verifier.verify(signer.sign()));
    }

    /** An earlier run: the token owned, a key with a certificate on it and its row in the database. */
    private CertInfo givenOwnedTokenWithCertificate() throws Exception {
        Pkcs11KeyStorage earlier = component();
        try (ModuleStore store = earlier.open("hsm", this.params)) {
            store.setOwner("so-password-1234".toCharArray());
            PendingKey key = store.generateKey(KeyAlgorithm.ECC_P384);
            X509Certificate cert = Csr.selfSigned(key, Instant.now());
            StoredCertificate where = store.store(key, List.of(cert));
            CertInfo info = CertModule.info("hsm", cert, where.certUrl(), where.keyUrl());
            this.db.addCertInfo(info);
            return info;
        } finally {
            earlier.deactivate();
            this.components.remove(earlier);
        }
    }

    private Pkcs11KeyStorage component() {
        Pkcs11KeyStorage component = new Pkcs11KeyStorage();
        this.components.add(component);
        return component;
    }
}
