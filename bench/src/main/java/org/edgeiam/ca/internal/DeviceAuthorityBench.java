package org.edgeiam.ca.internal;

import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.edgeiam.api.credentials.AuthOutcome;
import org.edgeiam.api.credentials.Tenant;
import org.edgeiam.api.credentials.Tenants;
import org.edgeiam.credentials.internal.CredentialManager;
import org.edgeiam.keystore.soft.internal.SoftKeyStorage;
import org.edgeiam.spi.keystore.TlsKey;
import org.edgeiam.storage.sqlite.internal.SqliteStorage;

/**
 * The device authority's hot paths against their raw crypto, in one JVM, alternating phases, with
 * one worker per processor: basic authentications/s at the default bcrypt cost (10) next to
 * BouncyCastle's raw bcrypt checks/s of the same hash; X.509 authentications/s; client
 * certificates issued/s from P-256 CSRs next to BouncyCastle's raw SHA384withECDSA signatures/s
 * with the tenant CA's P-384 key. Usage: DeviceAuthorityBench [SECONDS_PER_PHASE] [ROUNDS]
 */
public final class DeviceAuthorityBench {
    private static final int THREADS = Runtime.getRuntime().availableProcessors();

    private DeviceAuthorityBench() {
    }

    /** One unit of work; throws on a wrong answer. */
    @FunctionalInterface
    interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("edgeiam-bench-authority");
        Tenants tenants = new Tenants() {
            private final Tenant acme = new Tenant("acme", "ACME", "", "");

            @Override
            public List<Tenant> all() {
                return List.of(acme);
            }

            @Override
            public Optional<Tenant> get(String id) {
                return "acme".equals(id) ? Optional.of(acme) : Optional.empty();
            }
        };
        SqliteStorage storage = new SqliteStorage(config(SqliteStorage.Config.class,
                Map.of("working_dir", dir.toString(), "db_file", "iamanager.db")));
        CredentialManager credentials = new CredentialManager(config(CredentialManager.Config.class, Map.of()), storage,
                tenants);
        TlsKey platformKey = platform();
        CertificateAuthorityImpl ca = new CertificateAuthorityImpl(() -> platformKey, new SoftKeyStorage(), tenants,
                credentials, new CertificateAuthorityImpl.Settings(dir.resolve("tenant-ca"), true, Duration.ofDays(1825),
                        Duration.ofDays(365), Duration.ofHours(24)), Clock.systemUTC());

        char[] password = "bench-device-password".toCharArray();
        credentials.createBasic("acme", "pump-1", password, "pump-1");
        String hash = OpenBSDBCrypt.generate("2y", new String(password).getBytes(), new byte[16], 10);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair device = ec.generateKeyPair();
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=bench"), device.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(device.getPrivate())).getEncoded();
        X509Certificate deviceCert = ca.issue("acme", csr, "bench-device").certificate();
        credentials.createX509("acme", deviceCert, "bench-device");
        // the tenant CA's own P-384 key, as its store gives it
        java.security.PrivateKey caKey;
        try (TenantCaStore store = TenantCaStore.open(new SoftKeyStorage(), "acme", dir.resolve("tenant-ca"), true)) {
            caKey = store.valid(Instant.now()).get(0).privateKey();
        }
        byte[] tbs = deviceCert.getTBSCertificate();

        Op rawBcrypt = () -> {
            if (!OpenBSDBCrypt.checkPassword(hash, new String(password).getBytes())) {
                throw new IllegalStateException("raw bcrypt mismatch");
            }
        };
        Op basic = () -> {
            AuthOutcome o = credentials.authenticateBasic("acme", "pump-1", password).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS).outcome();
            if (o != AuthOutcome.OK) {
                throw new IllegalStateException("basic authentication: " + o);
            }
        };
        Op x509 = () -> {
            AuthOutcome o = credentials.authenticateCertificate("acme", deviceCert).outcome();
            if (o != AuthOutcome.OK) {
                throw new IllegalStateException("X.509 authentication: " + o);
            }
        };
        Op rawSign = () -> {
            Signature s = Signature.getInstance("SHA384withECDSA", Signing.BC);
            s.initSign(caKey);
            s.update(tbs);
            s.sign();
        };
        // the raw crypto of one issuance: the CSR's proof of possession (its P-256 signature) checked
        // with its key decoded afresh (every device has its own: nothing precomputed for it carries
        // over), then the certificate signed with the P-384 CA key, both by BouncyCastle
        var request = new org.bouncycastle.pkcs.PKCS10CertificationRequest(csr);
        byte[] deviceSpki = request.getSubjectPublicKeyInfo().getEncoded();
        byte[] csrInfo = request.toASN1Structure().getCertificationRequestInfo().getEncoded();
        byte[] csrSignature = request.getSignature();
        java.security.KeyFactory ecKeys = java.security.KeyFactory.getInstance("EC", Signing.BC);
        Op rawIssue = () -> {
            Signature v = Signature.getInstance("SHA256withECDSA", Signing.BC);
            v.initVerify(ecKeys.generatePublic(new java.security.spec.X509EncodedKeySpec(deviceSpki)));
            v.update(csrInfo);
            if (!v.verify(csrSignature)) {
                throw new IllegalStateException("raw CSR signature does not verify");
            }
            rawSign.run();
        };
        AtomicLong n = new AtomicLong();
        Op issue = () -> ca.issue("acme", csr, "device-" + n.incrementAndGet());
        System.out.printf("%d workers, %d s per phase, %d rounds%n", THREADS, seconds, rounds);

        for (Op op : List.of(rawBcrypt, basic, x509, rawSign, rawIssue, issue)) {
            rate(op, seconds); // warm-up: the JIT compiles each path before it is measured
        }
        double[] sums = new double[6];
        for (int r = 1; r <= rounds; r++) {
            double[] rates = {rate(rawBcrypt, seconds), rate(basic, seconds), rate(x509, seconds), rate(rawSign, seconds),
                rate(rawIssue, seconds), rate(issue, seconds)};
            for (int i = 0; i < rates.length; i++) {
                sums[i] += rates[i];
            }
            System.out.printf("round %d: bcrypt raw %.1f/s, basic auth %.1f/s (%.2f×); X.509 auth %.0f/s; BC raw "
                    + "P-384 sign %.0f/s, BC raw CSR check + sign %.0f/s, issued from CSR %.0f/s (%.2f× sign, %.2f× "
                    + "check + sign)%n", r, rates[0], rates[1], rates[1] / rates[0], rates[2], rates[3], rates[4],
                    rates[5], rates[5] / rates[3], rates[5] / rates[4]);
        }
        System.out.printf("mean of %d rounds: basic auth %.1f/s = %.2f × raw bcrypt %.1f/s (target ≥ 0.9); "
                + "X.509 auth %.0f/s; issued %.0f/s = %.2f × BC's raw P-384 signing %.0f/s, %.2f × BC's raw CSR "
                + "check + signing %.0f/s (target ≥ 0.8)%n", rounds, sums[1] / rounds, sums[1] / sums[0],
                sums[0] / rounds, sums[2] / rounds, sums[5] / rounds, sums[5] / sums[3], sums[3] / rounds,
                sums[5] / sums[4], sums[4] / rounds);
        storage.close();
        System.exit(0); // the credential service's checker threads are daemons; the pool is not shut down here
    }

    /** Runs an operation on one worker per processor for the given time; answers operations per second. */
    private static double rate(Op op, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong done = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            Thread w = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        op.run();
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static TlsKey platform() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=Bench platform CA");
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(3650))), name, kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(kp.getPrivate())));
        return new TlsKey(kp.getPrivate(), null, List.of(cert));
    }

    /** A configuration annotation with the given values and the defaults of the others. */
    @SuppressWarnings("unchecked")
    private static <T> T config(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(DeviceAuthorityBench.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName())
                        : "annotationType".equals(method.getName()) ? type : method.getDefaultValue());
    }
}
