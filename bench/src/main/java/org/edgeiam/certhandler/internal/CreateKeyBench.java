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
        CertModule module = new CertModule(config(SoftKeyStorage.PLUGIN_NAME), Map.of("params.storePath", dir.resolve("bench").toString()));
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
        Runnable hsm = hsmCreateKey(dir);
        rate(raw, 2);
        rate(createKey, 2);
        if (hsm != null) {
            rate(hsm, 2);
        }
        double rawSum = 0;
        double softSum = 0;
        double hsmSum = 0;
        for (int r = 1; r <= rounds; r++) {
            double rawRate = rate(raw, seconds);
            double softRate = rate(createKey, seconds);
            double hsmRate = hsm == null ? 0 : rate(hsm, seconds);
            rawSum += rawRate;
            softSum += softRate;
            hsmSum += hsmRate;
            System.out.printf("round %d: BouncyCastle raw CSR %.0f/s, CreateKey software store %.0f/s (%.0f %%)%s%n", r,
                    rawRate, softRate, 100 * softRate / rawRate,
                    hsm == null ? "" : String.format(", SoftHSM2 %.0f/s (%.0f %%)", hsmRate, 100 * hsmRate / rawRate));
        }
        System.out.printf("mean of %d rounds: raw %.0f/s, CreateKey software store %.0f/s = %.0f %% of raw%s%n", rounds,
                rawSum / rounds, softSum / rounds, 100 * softSum / rawSum,
                hsm == null ? " (SoftHSM2 not measured: set SOFTHSM2_CONF, see bench/createkey.sh)"
                        : String.format(", SoftHSM2 %.0f/s = %.0f %% of raw", hsmSum / rounds, 100 * hsmSum / rawSum));
        module.deactivate();
    }

    /** CreateKey on a SoftHSM2 token, when SOFTHSM2_CONF points at a configuration; else null. */
    private static Runnable hsmCreateKey(Path dir) throws Exception {
        Path library = Path.of("/usr/lib/softhsm/libsofthsm2.so");
        if (System.getenv("SOFTHSM2_CONF") == null || !Files.exists(library)) {
            return null;
        }
        org.edgeiam.keystore.pkcs11.internal.Pkcs11KeyStorage hsm = new org.edgeiam.keystore.pkcs11.internal.Pkcs11KeyStorage();
        CertModule module = new CertModule(config("pkcs11module"), Map.of("params.library", library.toString(),
                "params.tokenLabel", "edgeiam-bench", "params.userPinPath", dir.resolve("hsm.usrpin").toString()));
        module.bindKeyStorage(hsm, Map.of(KeyStorage.PLUGIN, "pkcs11module"));
        module.setOwner("bench-so-pin");
        return () -> {
            try {
                module.createKey("bench-node");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
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

    private static CertModuleConfig config(String plugin) {
        return (CertModuleConfig) Proxy.newProxyInstance(CreateKeyBench.class.getClassLoader(),
                new Class<?>[] {CertModuleConfig.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "id":
                            return "bench";
                        case "plugin":
                            return plugin;
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
