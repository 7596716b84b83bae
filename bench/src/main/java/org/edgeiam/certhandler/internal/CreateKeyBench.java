package org.edgeiam.certhandler.internal;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;

import org.edgeiam.keystore.soft.internal.SoftKeyStorage;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.KeyStorage;
import org.edgeiam.spi.keystore.PendingKey;

/**
 * CreateKey/s of the certificate handler on the software key store, next to BouncyCastle's raw
 * rate for the same work (P-384 key pair + CSR with SAN and EKU, signed SHA384withECDSA), measured
 * in the same JVM, alternating phases. Usage: CreateKeyBench [SECONDS_PER_PHASE] [ROUNDS]
 */
public final class CreateKeyBench {
    private CreateKeyBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("edgeiam-bench-createkey");
        SoftKeyStorage storage = new SoftKeyStorage();
        CertModule module = new CertModule(config(), Map.of("params.storePath", dir.resolve("bench").toString()));
        module.bindKeyStorage(storage, Map.of(KeyStorage.PLUGIN, SoftKeyStorage.PLUGIN_NAME));
        module.setOwner("bench-owner");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Crypto.BC);
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        List<String> san = List.of("localhost");
        List<String> eku = List.of("serverAuth", "clientAuth");
        Runnable raw = () -> {
            try {
                KeyPair pair = generator.generateKeyPair();
                Csr.build(new PendingKey("raw", KeyAlgorithm.ECC_P384, pair.getPublic(), pair.getPrivate(), Crypto.BC),
                        "bench-node", san, eku);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        Runnable createKey = () -> {
            try {
                module.createKey("bench-node");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        rate(raw, 2);
        rate(createKey, 2);
        double rawSum = 0;
        double softSum = 0;
        for (int r = 1; r <= rounds; r++) {
            double rawRate = rate(raw, seconds);
            double softRate = rate(createKey, seconds);
            rawSum += rawRate;
            softSum += softRate;
            System.out.printf("round %d: BouncyCastle raw CSR %.0f/s, CreateKey (software store) %.0f/s (%.0f %%)%n", r,
                    rawRate, softRate, 100 * softRate / rawRate);
        }
        System.out.printf("mean of %d rounds: raw %.0f/s, CreateKey software store %.0f/s = %.0f %% of raw%n", rounds,
                rawSum / rounds, softSum / rounds, 100 * softSum / rawSum);
        module.deactivate();
    }

    private static double rate(Runnable op, int seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        long n = 0;
        while (System.nanoTime() < end) {
            op.run();
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static CertModuleConfig config() {
        return (CertModuleConfig) Proxy.newProxyInstance(CreateKeyBench.class.getClassLoader(),
                new Class<?>[] {CertModuleConfig.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "id":
                            return "bench";
                        case "plugin":
                            return SoftKeyStorage.PLUGIN_NAME;
                        case "extended_key_usage":
                            return new String[] {"serverAuth", "clientAuth"};
                        case "alternative_names":
                            return new String[] {"localhost"};
                        default:
                            return method.getDefaultValue();
                    }
                });
    }
}
