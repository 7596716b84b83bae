package org.edgeiam.storage.sqlite.internal;

import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertInfo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: certificate reads of {@link SqliteStorage} on a real SQLite file (WAL, synchronous FULL, as
 * activation sets it up) in a temporary directory holding {@code rows} certificate rows (100 by
 * default) spread over four cert types: {@code bySerial} is GetCert's look-up by issuer and
 * serial, {@code byType} reads all rows of one type (a quarter of them), as GetCert does for the
 * current certificate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SqliteReadJmh {
    private static final List<String> TYPES = List.of("iam", "online", "offline", "um");

    @Param("100")
    public int rows;

    private Path dir;
    private SqliteStorage storage;
    private byte[] issuer;
    private byte[] serial;

    @Setup
    public void setUp() throws Exception {
        this.dir = Files.createTempDirectory("edgeiam-jmh-sqlite");
        this.storage = new SqliteStorage(config(this.dir));
        this.issuer = "CN=JMH issuer".getBytes(StandardCharsets.UTF_8);
        Instant notAfter = Instant.now().plusSeconds(86_400);
        for (int i = 0; i < this.rows; i++) {
            byte[] s = BigInteger.valueOf(1_000_000L + i).toByteArray();
            String type = TYPES.get(i % TYPES.size());
            this.storage.addCertInfo(new CertInfo(type, this.issuer, s, "file:///certs/" + i + ".pem",
                    "file:///keys/" + i + ".key", notAfter.plusSeconds(i)));
            this.serial = i == this.rows / 2 ? s : this.serial;
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        this.storage.close();
        try (Stream<Path> files = Files.walk(this.dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public CertInfo bySerial() throws IamException {
        return this.storage.getCertInfo(this.issuer, this.serial);
    }

    @Benchmark
    public List<CertInfo> byType() throws IamException {
        return this.storage.getCertsInfo("online");
    }

    private static SqliteStorage.Config config(Path dir) {
        return (SqliteStorage.Config) Proxy.newProxyInstance(SqliteReadJmh.class.getClassLoader(),
                new Class<?>[] {SqliteStorage.Config.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "working_dir" -> dir.toString();
                    case "db_file" -> "iamanager.db";
                    default -> method.getDefaultValue();
                });
    }
}
