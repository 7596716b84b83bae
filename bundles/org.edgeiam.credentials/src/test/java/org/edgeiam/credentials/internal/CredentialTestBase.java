package org.edgeiam.credentials.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.annotation.Annotation;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.credentials.CredentialEvent;
import org.edgeiam.api.credentials.Tenant;
import org.edgeiam.api.credentials.Tenants;
import org.edgeiam.storage.sqlite.internal.SqliteStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared steps: a credential manager on a real SQLite file, two configured tenants ({@code acme},
 * {@code globex}), a clock the test moves, and a listener that records events.
 */
abstract class CredentialTestBase {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    SqliteStorage storage;
    CredentialManager manager;
    final MovableClock clock = new MovableClock(T0);
    final List<CredentialEvent> events = new CopyOnWriteArrayList<>();
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

    @AfterEach
    void close() {
        if (this.manager != null) {
            this.manager.deactivate();
        }
        if (this.storage != null) {
            this.storage.close();
        }
    }

    CredentialManager givenManager(int cost, int maxCost, int threads, int queue) throws IamException {
        if (this.storage == null) {
            this.storage = new SqliteStorage(new StorageConfig(this.dir));
        }
        this.manager = new CredentialManager(config(cost, maxCost, threads, queue), this.storage, this.tenants,
                this.clock);
        this.manager.addListener(this.events::add);
        return this.manager;
    }

    static CredentialManager.Config config(int cost, int maxCost, int threads, int queue) {
        return new CredentialManager.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CredentialManager.Config.class;
            }

            @Override
            public int bcrypt_cost() {
                return cost;
            }

            @Override
            public int bcrypt_max_cost() {
                return maxCost;
            }

            @Override
            public int basic_concurrency() {
                return threads;
            }

            @Override
            public int basic_queue_length() {
                return queue;
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

    /** A self-signed P-256 certificate valid from {@code from} to {@code to}. */
    static X509Certificate certificate(String cn, long serial, Instant from, Instant to) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=" + cn + ",O=Tenant CA");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(serial), Date.from(from),
                Date.from(to), new X500Name("CN=" + cn), kp.getPublic());
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    }

    /** The storage's configuration on the test's folder. */
    static final class StorageConfig implements SqliteStorage.Config {
        private final Path dir;

        StorageConfig(Path dir) {
            this.dir = dir;
        }

        @Override
        public String working_dir() {
            return this.dir.toString();
        }

        @Override
        public String db_file() {
            return "iamanager.db";
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return SqliteStorage.Config.class;
        }
    }

    /** A clock the test sets. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant at) {
            this.now = at;
        }

        @Override
        public Instant instant() {
            return this.now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
