package org.edgeiam.keystore.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.PendingKey;
import org.edgeiam.spi.keystore.StoredCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.function.Executable;

/**
 * Shared steps of the PKCS#11 tests, against a real SoftHSM2. Every test gets its own token
 * directory under {@code target/softhsm/}: the SoftHSM configuration named by
 * {@code SOFTHSM2_CONF} (set by Surefire) is rewritten before the test, and SoftHSM reads it at
 * {@code C_Initialize}, i.e. when the test's first component opens a store. Components are
 * deactivated after each test, which finalises the library. Tokens made with
 * {@code softhsm2-util} must therefore be made before the first store is opened.
 */
abstract class Pkcs11TestBase {
    static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    static final String LABEL = "aos";
    static final String SO_PASSWORD = "so-secret-1234";
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    Path dir;
    private final List<Pkcs11KeyStorage> components = new ArrayList<>();
    private final List<ModuleStore> stores = new ArrayList<>();

    @BeforeAll
    static void requireSoftHsm() {
        assertTrue(Files.isRegularFile(LIBRARY), "SoftHSM2 is not installed: " + LIBRARY
                + " is missing. Install it with: apt-get install -y softhsm2 opensc");
        assertNotNull(System.getenv("SOFTHSM2_CONF"), "SOFTHSM2_CONF is not set: run the tests through Maven, whose "
                + "Surefire configuration points it to target/softhsm2.conf");
    }

    @BeforeEach
    void freshTokenDirectory(TestInfo test) throws IOException {
        Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
        this.dir = conf.getParent().resolve("softhsm").resolve(
                test.getTestClass().orElseThrow().getSimpleName() + "-" + test.getTestMethod().orElseThrow().getName());
        if (Files.exists(this.dir)) {
            try (Stream<Path> files = Files.walk(this.dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(this.dir.resolve("tokens"));
        Files.writeString(conf, "directories.tokendir = " + this.dir.resolve("tokens") + "\n"
                + "objectstore.backend = file\nlog.level = ERROR\n");
    }

    @AfterEach
    void stopComponents() {
        this.stores.forEach(ModuleStore::close);
        this.components.forEach(Pkcs11KeyStorage::deactivate);
    }

    Path pinFile() {
        return this.dir.resolve("pins/user.pin");
    }

    Map<String, String> params() {
        Map<String, String> params = new HashMap<>();
        params.put("library", LIBRARY.toString());
        params.put("tokenLabel", LABEL);
        params.put("userPinPath", pinFile().toString());
        return params;
    }

    Pkcs11KeyStorage givenComponent() {
        Pkcs11KeyStorage component = new Pkcs11KeyStorage();
        this.components.add(component);
        return component;
    }

    /** Stops every component (finalising SoftHSM) and starts a new one, as a restart would. */
    Pkcs11KeyStorage whenRestarted() {
        stopComponents();
        this.stores.clear();
        this.components.clear();
        return givenComponent();
    }

    ModuleStore givenStore(Pkcs11KeyStorage component, String certType, Map<String, String> params) throws IamException {
        ModuleStore store = component.open(certType, params);
        this.stores.add(store);
        return store;
    }

    ModuleStore givenOwnedStore(Pkcs11KeyStorage component, String certType) throws IamException {
        ModuleStore store = givenStore(component, certType, params());
        store.setOwner(SO_PASSWORD.toCharArray());
        return store;
    }

    /** Initialises the free token with softhsm2-util (before any component opens a store). */
    void givenTokenInitialisedBySofthsmUtil(String label, String soPin, String userPin) throws Exception {
        Process p = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", soPin,
                "--pin", userPin).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "softhsm2-util hangs");
        assertEquals(0, p.exitValue(), out);
    }

    /** A key generated on the token and a chain leaf → CA for it, stored. */
    StoredCertificate givenStoredChain(ModuleStore store, KeyAlgorithm algorithm, KeyPair ca, X509Certificate caCert)
            throws Exception {
        PendingKey key = store.generateKey(algorithm);
        return store.store(key, List.of(leaf(key.publicKey(), ca, caCert), caCert));
    }

    static KeyPair caKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        return generator.generateKeyPair();
    }

    static X509Certificate caCert(KeyPair ca, String name) throws Exception {
        return certificate("CN=" + name, ca.getPublic(), "CN=" + name, ca.getPrivate(), "SHA384withECDSA", null);
    }

    static X509Certificate leaf(PublicKey key, KeyPair ca, X509Certificate caCert) throws Exception {
        return certificate("CN=leaf " + SERIALS.get(), key, caCert.getSubjectX500Principal().getName(), ca.getPrivate(),
                "SHA384withECDSA", null);
    }

    /** Issues a certificate; the signer's provider may be null for the JDK's providers. */
    static X509Certificate certificate(String subject, PublicKey key, String issuer, PrivateKey signer, String algorithm,
            Provider provider) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(30))), new X500Name(subject), key);
        if (subject.equals(issuer)) {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        }
        JcaContentSignerBuilder contentSigner = new JcaContentSignerBuilder(algorithm);
        if (provider != null) {
            contentSigner.setProvider(provider);
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner.build(signer)));
    }

    /** Signs through the key's provider and verifies with the JDK's providers. */
    static void thenSignsAndVerifies(PrivateKey key, Provider provider, PublicKey publicKey, String algorithm)
            throws Exception {
        byte[] data = ("data for " + algorithm).getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance(algorithm, provider);
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(data);
        assertTrue(verifier.verify(signature), algorithm + " signature does not verify");
    }

    static IamException thenFails(ErrorCode code, Executable call) {
        IamException e = assertThrows(IamException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }
}
