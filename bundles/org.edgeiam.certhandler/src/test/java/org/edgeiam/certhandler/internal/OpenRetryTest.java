package org.edgeiam.certhandler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.keystore.soft.internal.SoftKeyStorage;
import org.edgeiam.spi.keystore.KeyStorage;
import org.edgeiam.spi.keystore.ModuleStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key store that does not open is tried again with back-off, unless its parameters are wrong;
 * once it opens, the cert type works without a restart. The checked owner password goes to the
 * store.
 */
class OpenRetryTest extends CertModuleTestBase {
    private static final String PLUGIN = "softmodule";

    @TempDir
    Path tmp;

    /** The soft key storage, failing its first opens as told. */
    private final class FlakyStorage implements KeyStorage {
        final Deque<IamException> failures = new ArrayDeque<>();
        final AtomicInteger opens = new AtomicInteger();
        private final SoftKeyStorage real = new SoftKeyStorage();

        @Override
        public ModuleStore open(String certType, Map<String, String> params) throws IamException {
            opens.incrementAndGet();
            IamException failure = failures.poll();
            if (failure != null) {
                throw failure;
            }
            return real.open(certType, params);
        }

        @Override
        public String describe() {
            return "flaky soft store";
        }
    }

    private final FlakyStorage backend = new FlakyStorage();

    private CertModule givenModule() throws IamException {
        return givenModule("online", PLUGIN, Map.of("storePath", tmp.resolve("online").toString()));
    }

    @Test
    void givenStoreMissingTwice_whenBound_thenUnavailableThenOpenedByTheRetryAndUsable() throws Exception {
        backend.failures.add(new IamException(ErrorCode.NOT_FOUND, "no token labelled 'aos'"));
        backend.failures.add(new IamException(ErrorCode.RUNTIME, "C_Initialize failed"));
        CertModule module = givenModule("online", PLUGIN, Map.of("storePath", tmp.resolve("online").toString()), 400);

        whenBackendBound(module, backend, PLUGIN);

        assertFalse(module.info().available());
        assertEquals("cannot open its key store: no token labelled 'aos' (trying again in 400 ms)",
                module.info().problem());
        await("the store opened", () -> module.info().available(), 5);
        assertEquals(3, backend.opens.get());
        assertEquals("", module.info().problem());
        module.setOwner("owner-1234");
        assertTrue(module.info().owned());
    }

    @Test
    void givenBadParameter_whenBound_thenNotTriedAgain() throws Exception {
        backend.failures.add(new IamException(ErrorCode.INVALID_ARGUMENT, "storePath is missing"));
        CertModule module = givenModule();

        whenBackendBound(module, backend, PLUGIN);
        Thread.sleep(10 * RETRY_MAX_MS);

        assertEquals(1, backend.opens.get());
        assertEquals("cannot open its key store: storePath is missing", module.info().problem());
    }

    @Test
    void givenRetrying_whenBackendGoes_thenNoMoreTries() throws Exception {
        for (int i = 0; i < 1000; i++) {
            backend.failures.add(new IamException(ErrorCode.NOT_FOUND, "no token"));
        }
        CertModule module = givenModule();
        whenBackendBound(module, backend, PLUGIN);
        await("a second try", () -> backend.opens.get() >= 2, 5);

        module.unbindKeyStorage(backend);
        int tries = backend.opens.get();
        Thread.sleep(5 * RETRY_MAX_MS);

        assertEquals(tries, backend.opens.get());
    }

    @Test
    void givenOwnedStore_whenOwnerChecked_thenTheStoreDecides() throws Exception {
        CertModule module = givenModule();
        whenBackendBound(module, backend, PLUGIN);
        assertFalse(module.checkOwner("owner-1234"), "no owner yet");
        module.setOwner("owner-1234");

        assertTrue(module.checkOwner("owner-1234"));
        IamException wrong = org.junit.jupiter.api.Assertions.assertThrows(IamException.class,
                () -> module.checkOwner("guessed"));

        assertEquals(ErrorCode.INVALID_ARGUMENT, wrong.code());
        assertFalse(wrong.getMessage().contains("guessed"));
    }
}
