package org.edgeiam.keystore.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CRYPTOKI_NOT_INITIALIZED;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Slot;

/**
 * One loaded PKCS#11 library, shared by every store that names it. It is initialised once; if
 * something else in the process initialised it already ({@code CKR_CRYPTOKI_ALREADY_INITIALIZED})
 * it is used as it is and not finalised by {@link #close()}. Each (re)initialisation starts a new
 * {@linkplain #generation() generation}: sessions of an older one are dead.
 */
final class Pkcs11Library {
    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Library.class);
    /** CK_TOKEN_INFO.label is 32 characters, blank padded. */
    private static final int LABEL_LENGTH = 32;
    /** Least pause between two restarts that look for a missing token. */
    static final long RESCAN_PAUSE_MS = 2_000;

    private final Path path;
    private final PKCS11Module module;
    private final AtomicInteger generation = new AtomicInteger();
    private boolean initializedHere;
    /** Why the library was last finalised and initialised again after a device error, or empty. */
    private volatile String lastRestart = "";
    /** When the library was last restarted (System.nanoTime), 0 if never. */
    private volatile long lastRestartNanos;

    private Pkcs11Library(Path path, PKCS11Module module) {
        this.path = path;
        this.module = module;
    }

    /**
     * @throws IamException {@code INVALID_ARGUMENT} if the file is no PKCS#11 library,
     *         {@code RUNTIME} if the JNI wrapper cannot load or {@code C_Initialize} fails
     */
    static Pkcs11Library load(Path path) throws IamException {
        PKCS11Module module;
        try {
            module = PKCS11Module.getInstance(path.toString());
        } catch (IOException e) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    "PKCS#11 parameter library '" + path + "' cannot be loaded: " + e.getMessage(), e);
        } catch (UnsatisfiedLinkError e) {
            throw new IamException(ErrorCode.RUNTIME, "the PKCS#11 JNI wrapper cannot be loaded: " + e.getMessage());
        }
        Pkcs11Library library = new Pkcs11Library(path, module);
        library.initialize();
        return library;
    }

    Path path() {
        return this.path;
    }

    int generation() {
        return this.generation.get();
    }

    private synchronized void initialize() throws IamException {
        try {
            this.module.initialize();
            this.initializedHere = true;
            LOG.info("PKCS#11 library {} initialised", this.path);
        } catch (PKCS11Exception e) {
            if (!Pkcs11Errors.is(e, CKR_CRYPTOKI_ALREADY_INITIALIZED)) {
                throw Pkcs11Errors.runtime("C_Initialize of " + this.path, e);
            }
            LOG.info("PKCS#11 library {} was already initialised in this process: shared, not finalised by us",
                    this.path);
        }
        this.generation.incrementAndGet();
    }

    /**
     * Initialises the library again after {@code CKR_CRYPTOKI_NOT_INITIALIZED}, unless another
     * thread did since {@code seenGeneration}.
     */
    synchronized void reinitialize(int seenGeneration) throws IamException {
        if (this.generation.get() == seenGeneration) {
            LOG.warn("PKCS#11 library {} was finalised behind our back: initialising it again", this.path);
            initialize();
        }
    }

    /**
     * Finalises and initialises the library again after a device-level error (the token was
     * pulled, its driver lost it), unless another thread did since {@code seenGeneration}: a
     * token that is back is found anew, and every session of before is dead. A library that
     * something else in the process initialised is left alone, and restarts are at least
     * {@value #RESCAN_PAUSE_MS} ms apart: each one ends the sessions of every store on the library.
     */
    synchronized void restart(int seenGeneration, String why) throws IamException {
        long now = System.nanoTime();
        if (this.generation.get() != seenGeneration || !this.initializedHere
                || (this.lastRestartNanos != 0 && now - this.lastRestartNanos < RESCAN_PAUSE_MS * 1_000_000L)) {
            return;
        }
        LOG.warn("PKCS#11 library {}: {}; finalising and initialising it again", this.path, why);
        this.lastRestart = why;
        this.lastRestartNanos = now;
        try {
            this.module.finalize(null);
        } catch (PKCS11Exception e) {
            LOG.debug("C_Finalize of {} failed: {}", this.path, Pkcs11Errors.name(e));
        }
        initialize();
    }

    /**
     * Restarts the library to find a token that may have been put back, unless that was tried in
     * the last {@value #RESCAN_PAUSE_MS} ms: a restart ends every session of every store on this
     * library (their pending keys are lost), so a missing token must not cause one per call.
     *
     * @return whether the library was restarted
     */
    synchronized boolean rescan(String why) throws IamException {
        int before = this.generation.get();
        restart(before, why);
        return this.generation.get() != before;
    }

    /** @return why the library was restarted after a device error in the last minute, or empty */
    String lastRestart() {
        long at = this.lastRestartNanos;
        return at != 0 && System.nanoTime() - at < 60_000_000_000L ? this.lastRestart : "";
    }

    /** @return the slots that hold a token */
    Slot[] slotsWithToken() throws PKCS11Exception {
        return this.module.getSlotList(true);
    }

    /** {@code C_InitToken}: wipes the token and sets its SO PIN and label. */
    void initToken(long slotId, char[] soPin, String label) throws PKCS11Exception {
        char[] padded = new char[LABEL_LENGTH];
        Arrays.fill(padded, ' ');
        label.getChars(0, Math.min(label.length(), LABEL_LENGTH), padded, 0);
        lowLevel("C_InitToken", new Class<?>[] {long.class, char[].class, char[].class, boolean.class}, slotId, soPin,
                padded, true);
    }

    /** {@code C_CloseAllSessions} of one slot, for every store of the process. */
    void closeAllSessions(long slotId) throws PKCS11Exception {
        lowLevel("C_CloseAllSessions", new Class<?>[] {long.class}, slotId);
    }

    /**
     * Calls a function of the wrapper's low-level {@code iaik.pkcs.pkcs11.wrapper.PKCS11}
     * interface, which has no counterpart in the exported API. The wrapper bundle does not export
     * that package, so it is reached by reflection (public class, public method) and never named
     * in our byte code, which keeps bnd from importing it.
     */
    private void lowLevel(String function, Class<?>[] types, Object... args) throws PKCS11Exception {
        try {
            Object pkcs11 = PKCS11Module.class.getMethod("getPKCS11Module").invoke(this.module);
            pkcs11.getClass().getMethod(function, types).invoke(pkcs11, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            try {
                long code = (Long) cause.getClass().getMethod("getErrorCode").invoke(cause);
                throw new PKCS11Exception(code);
            } catch (ReflectiveOperationException | RuntimeException notPkcs11) {
                throw new IllegalStateException(function + " failed", cause);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ipkcs11wrapper offers no " + function, e);
        }
    }

    /** Finalises the library if this instance initialised it. */
    synchronized void close() {
        if (!this.initializedHere) {
            return;
        }
        this.initializedHere = false;
        try {
            this.module.finalize(null);
            LOG.info("PKCS#11 library {} finalised", this.path);
        } catch (PKCS11Exception e) {
            if (!Pkcs11Errors.is(e, CKR_CRYPTOKI_NOT_INITIALIZED)) {
                LOG.warn("C_Finalize of {} failed: {}", this.path, Pkcs11Errors.name(e));
            }
        }
    }
}
