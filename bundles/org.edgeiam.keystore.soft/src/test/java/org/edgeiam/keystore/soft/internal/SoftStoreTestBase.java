package org.edgeiam.keystore.soft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.PendingKey;
import org.edgeiam.spi.keystore.StoredCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared steps of the soft store tests: a {@link SoftKeyStorage} with stores on a temporary
 * directory (closed after each test), real certificates built with BouncyCastle, and checks on
 * the files themselves.
 */
abstract class SoftStoreTestBase {
    static final String TYPE = "online";
    static final char[] OWNER_PASSWORD = "so-pin-1234".toCharArray();
    static final Provider BC = new BouncyCastleProvider();

    @TempDir
    Path tmp;

    final SoftKeyStorage storage = new SoftKeyStorage();
    private final List<ModuleStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        this.opened.forEach(ModuleStore::close);
    }

    Path storeDir() {
        return this.tmp.resolve("store/" + TYPE);
    }

    Path pinFile() {
        return storeDir().resolve(".usrpin");
    }

    ModuleStore givenStore() throws IamException {
        ModuleStore store = this.storage.open(TYPE, Map.of("storePath", storeDir().toString()));
        this.opened.add(store);
        return store;
    }

    ModuleStore givenOwnedStore() throws IamException {
        ModuleStore store = givenStore();
        store.setOwner(OWNER_PASSWORD.clone());
        return store;
    }

    /** Generates a key and stores a self-signed certificate for it. */
    StoredCertificate givenStoredCertificate(ModuleStore store, KeyAlgorithm algorithm) throws Exception {
        PendingKey key = store.generateKey(algorithm);
        return store.store(key, List.of(selfSigned(key)));
    }

    static X509Certificate selfSigned(PendingKey key) throws Exception {
        return certificate("CN=" + key.id(), key.publicKey(), "CN=" + key.id(), key.privateKey(),
                key.algorithm().signatureAlgorithm());
    }

    static X509Certificate certificate(String subject, PublicKey publicKey, String issuer, PrivateKey issuerKey,
            String signatureAlgorithm) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(365))), new X500Name(subject), publicKey);
        return new JcaX509CertificateConverter().setProvider(BC).getCertificate(builder.build(
                new JcaContentSignerBuilder(signatureAlgorithm).setProvider(BC).build(issuerKey)));
    }

    static KeyPair caKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        return generator.generateKeyPair();
    }

    static IamException thenFails(ErrorCode code, Executable call) {
        IamException e = assertThrows(IamException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    static Path path(String url) {
        return Path.of(URI.create(url));
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** @return every file under {@code root} with its content, to show that nothing changed */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String content = Files.isRegularFile(p) ? new String(Files.readAllBytes(p)) + " " + mode(p)
                        : "<dir> " + mode(p);
                files.put(root.relativize(p).toString(), content);
            }
        }
        return files;
    }
}
