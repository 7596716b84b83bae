package org.edgeiam.ca.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.annotation.Annotation;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
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

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.credentials.Tenant;
import org.edgeiam.api.credentials.Tenants;
import org.edgeiam.credentials.internal.CredentialManager;
import org.edgeiam.keystore.soft.internal.SoftKeyStorage;
import org.edgeiam.spi.keystore.TlsKey;
import org.edgeiam.storage.sqlite.internal.SqliteStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared steps: a platform CA (self-signed P-384, as a gateway without an offline root has), the
 * real software key storage for the tenant CAs, real credentials on SQLite for the CRLs, tenants
 * {@code acme} and {@code globex}; and {@code openssl verify} as the independent judge.
 */
abstract class CaTestBase {
    @TempDir
    Path dir;

    TlsKey platform;
    SqliteStorage storage;
    CredentialManager credentials;
    CertificateAuthorityImpl ca;

    final Tenants tenants = new Tenants() {
        private final Map<String, Tenant> all = Map.of("acme", new Tenant("acme", "ACME", "", ""),
                "globex", new Tenant("globex", "Globex", "", ""));

        @Override
        public List<Tenant> all() {
            return new ArrayList<>(all.values());
        }

        @Override
        public Optional<Tenant> get(String id) {
            return Optional.ofNullable(id == null ? null : all.get(id));
        }
    };

    @BeforeEach
    void givenPlatformCa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=Platform CA,O=EdgeIAM test");
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(1), Date.from(now.minusSeconds(3600)),
                Date.from(now.plus(Duration.ofDays(3650))), name, kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(kp.getPrivate())));
        this.platform = new TlsKey(kp.getPrivate(), null, List.of(cert));
        this.storage = new SqliteStorage(new SqliteStorage.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SqliteStorage.Config.class;
            }

            @Override
            public String working_dir() {
                return dir.toString();
            }

            @Override
            public String db_file() {
                return "iamanager.db";
            }
        });
        this.credentials = new CredentialManager(credentialsConfig(), this.storage, this.tenants);
        this.ca = newCa(Clock.systemUTC());
    }

    CertificateAuthorityImpl newCa(Clock clock) {
        return new CertificateAuthorityImpl(() -> this.platform, new SoftKeyStorage(), this.tenants, this.credentials,
                new CertificateAuthorityImpl.Settings(this.dir.resolve("tenant-ca"), true, Duration.ofDays(1825),
                        Duration.ofDays(365), Duration.ofHours(24)), clock);
    }

    @AfterEach
    void close() {
        this.storage.close();
    }

    static TenantCaSettings profile(String tenant, String[] dns, String[] keyTypes) throws IamException {
        return new TenantCaSettings(new TenantCaSettings.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TenantCaSettings.Config.class;
            }

            @Override
            public String id() {
                return tenant;
            }

            @Override
            public String[] ca_name_constraints_dns() {
                return dns;
            }

            @Override
            public int ca_client_validity_days() {
                return 30;
            }

            @Override
            public String[] ca_key_types() {
                return keyTypes;
            }
        });
    }

    private static CredentialManager.Config credentialsConfig() {
        return new CredentialManager.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CredentialManager.Config.class;
            }

            @Override
            public int bcrypt_cost() {
                return 4;
            }

            @Override
            public int bcrypt_max_cost() {
                return 12;
            }

            @Override
            public int basic_concurrency() {
                return 1;
            }

            @Override
            public int basic_queue_length() {
                return 4;
            }

            @Override
            public int last_use_resolution_s() {
                return 60;
            }
        };
    }

    static IamException thenFails(ErrorCode code, Executable call) {
        IamException e = assertThrows(IamException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    Path pem(String name, Object... objects) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        }
        Path file = this.dir.resolve(name);
        Files.writeString(file, out.toString());
        return file;
    }

    /** Runs {@code openssl verify}; returns its exit code and output. */
    static String openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() + ": " + out.strip();
    }

    /** @return {@code openssl verify} of a client chain against the platform CA, optionally with CRLs */
    String verify(List<X509Certificate> chain, List<X509Certificate> trust, List<X509CRL> crls) throws Exception {
        Path leaf = pem("leaf.pem", chain.get(0));
        Path untrusted = pem("untrusted.pem", trust.subList(0, trust.size() - 1).toArray());
        Path root = pem("root.pem", trust.get(trust.size() - 1));
        List<String> args = new ArrayList<>(List.of("verify", "-purpose", "sslclient", "-CAfile", root.toString(),
                "-untrusted", untrusted.toString()));
        if (crls != null) {
            args.add("-crl_check");
            args.add("-CRLfile");
            args.add(pem("crls.pem", crls.toArray()).toString());
        }
        args.add(leaf.toString());
        return openssl(args.toArray(String[]::new));
    }
}
