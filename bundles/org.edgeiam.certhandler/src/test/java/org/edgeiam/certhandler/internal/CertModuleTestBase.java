package org.edgeiam.certhandler.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.KeyStorage;
import org.junit.jupiter.api.AfterEach;

/**
 * Cert modules as Declarative Services would run them: made from a configuration, bound to a
 * database fake and to a key storage backend, deactivated after each test. Retries are fast.
 */
abstract class CertModuleTestBase {
    static final long RETRY_FIRST_MS = 20;
    static final long RETRY_MAX_MS = 100;

    final FakeStorage db = new FakeStorage();
    private final List<CertModule> modules = new ArrayList<>();

    @AfterEach
    void deactivateModules() {
        modules.forEach(CertModule::deactivate);
    }

    /** A module of {@code type} on {@code plugin} with its backend parameters, bound to the database. */
    CertModule givenModule(String type, String plugin, Map<String, String> params) throws IamException {
        return givenModule(type, plugin, params, RETRY_FIRST_MS);
    }

    /** As above, first retry after {@code retryFirstMs}. */
    CertModule givenModule(String type, String plugin, Map<String, String> params, long retryFirstMs)
            throws IamException {
        Map<String, Object> props = new HashMap<>();
        params.forEach((k, v) -> props.put(CertModuleConfig.PARAMS_PREFIX + k, v));
        CertModule module = new CertModule(new ModuleConfig(type, plugin), props, retryFirstMs,
                Math.max(retryFirstMs, RETRY_MAX_MS));
        modules.add(module);
        module.bindStorage(db);
        return module;
    }

    static void whenBackendBound(CertModule module, KeyStorage backend, String plugin) {
        module.bindKeyStorage(backend, Map.of(KeyStorage.PLUGIN, plugin));
    }

    static void await(String what, BooleanSupplier condition, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), what + " within " + seconds + " s");
    }
}
