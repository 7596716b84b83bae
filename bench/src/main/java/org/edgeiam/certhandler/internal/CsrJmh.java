package org.edgeiam.certhandler.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.edgeiam.keystore.soft.internal.SoftKeyStorage;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.PendingKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: the CSR that CreateKey returns, built by {@link Csr#build} as the cert handler does it, for
 * a P-384 key of the software key store (CN, SAN {@code localhost}, EKU serverAuth and
 * clientAuth, SHA384withECDSA, PEM). The key is generated once: this is the CSR alone, without
 * the key generation that CreateKey adds (bench/createkey.sh measures the whole).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CsrJmh {
    private static final List<String> SAN = List.of("localhost");
    private static final List<String> EKU = List.of("serverAuth", "clientAuth");

    private ModuleStore store;
    private PendingKey key;

    @Setup
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("edgeiam-jmh-csr");
        this.store = new SoftKeyStorage().open("jmh", Map.of("storePath", dir.resolve("keys").toString()));
        this.store.setOwner("jmh-owner".toCharArray());
        this.key = this.store.generateKey(KeyAlgorithm.ECC_P384);
    }

    @TearDown
    public void tearDown() {
        this.store.close();
    }

    @Benchmark
    public String csr() throws Exception {
        return Csr.build(this.key, "jmh-node", SAN, EKU);
    }
}
