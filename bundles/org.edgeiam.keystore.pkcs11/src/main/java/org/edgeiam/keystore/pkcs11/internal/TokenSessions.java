package org.edgeiam.keystore.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CRYPTOKI_NOT_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_SESSION_CLOSED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_SESSION_HANDLE_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_ALREADY_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKS_RW_USER_FUNCTIONS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_USER;

import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.TokenInfo;

/**
 * The user sessions of one store, opened on demand and pooled. A session is checked before each
 * use ({@code C_GetSessionInfo}): a dead handle is dropped, a session that lost its login is
 * logged in again with the PIN read from the PIN file. An operation that fails because its
 * session died, lost its login or the library was finalised is retried once on a fresh session.
 * A device error ({@code CKR_GENERAL_ERROR}, {@code CKR_DEVICE_REMOVED}, …) finalises and
 * initialises the library before that retry, so that a token put back is found again. Handles
 * from before a re-initialisation of the library are never used again. At most
 * {@value #MAX_IDLE} idle sessions are kept.
 */
final class TokenSessions {
    private static final Logger LOG = LoggerFactory.getLogger(TokenSessions.class);
    /** Idle sessions kept per store; more are closed when their call ends. */
    private static final int MAX_IDLE = 4;

    /** An operation on a logged-in read/write session. */
    interface Call<T> {
        T run(Session session) throws PKCS11Exception, IamException;
    }

    /** An operation that needs the library but no session. */
    interface LibraryCall<T> {
        T run() throws PKCS11Exception, IamException;
    }

    /** A session and the library initialisation it belongs to. */
    record Held(Session session, int generation) {
    }

    private final String name;
    private final Pkcs11Library library;
    private final SlotFinder slots;
    private final PinFile pinFile;
    private final Deque<Held> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    TokenSessions(String name, Pkcs11Library library, SlotFinder slots, PinFile pinFile) {
        this.name = name;
        this.library = library;
        this.slots = slots;
        this.pinFile = pinFile;
    }

    Pkcs11Library library() {
        return this.library;
    }

    /** @return the info of the store's token, looked up again on every call */
    TokenInfo tokenInfo() throws IamException {
        return token().info();
    }

    /** @return the slot of the store's token with its info, looked up again on every call */
    SlotFinder.Found token() throws IamException {
        return withLibrary("token lookup", this.slots::find);
    }

    /** Runs a call that needs no session, initialising the library again if it was finalised. */
    <T> T withLibrary(String what, LibraryCall<T> call) throws IamException {
        requireOpen();
        int generation = this.library.generation();
        try {
            return call.run();
        } catch (PKCS11Exception e) {
            if (Pkcs11Errors.device(e)) {
                this.library.restart(generation, what + " failed with " + Pkcs11Errors.name(e));
            } else if (Pkcs11Errors.is(e, CKR_CRYPTOKI_NOT_INITIALIZED)) {
                this.library.reinitialize(generation);
            } else {
                throw Pkcs11Errors.runtime(what, e);
            }
            try {
                return call.run();
            } catch (PKCS11Exception again) {
                throw Pkcs11Errors.runtime(what, again);
            }
        }
    }

    /**
     * Runs a call on a logged-in session, retrying once on a new session if the first one died.
     *
     * @throws IamException what the call throws; {@code WRONG_STATE} if there is no PIN file;
     *         {@code RUNTIME} naming the {@code CKR_} value for PKCS#11 errors
     */
    <T> T withUser(String what, Call<T> call) throws IamException {
        PKCS11Exception deviceError = null;
        for (int attempt = 0;; attempt++) {
            int generation = this.library.generation();
            Held pooled = null;
            try {
                pooled = borrow();
                T result = call.run(pooled.session());
                release(pooled);
                return result;
            } catch (PKCS11Exception e) {
                discard(pooled);
                if (attempt > 0 || !(Pkcs11Errors.recoverable(e) || Pkcs11Errors.device(e))) {
                    throw Pkcs11Errors.runtime(what + " on " + this.name, e);
                }
                LOG.debug("{} on {}: {}, retrying on a new session", what, this.name, Pkcs11Errors.name(e));
                if (Pkcs11Errors.device(e)) {
                    deviceError = e;
                    this.library.restart(generation, what + " on " + this.name + " failed with " + Pkcs11Errors.name(e));
                } else if (Pkcs11Errors.is(e, CKR_CRYPTOKI_NOT_INITIALIZED)) {
                    this.library.reinitialize(generation);
                }
            } catch (IamException e) {
                release(pooled);
                if (deviceError != null) {
                    throw new IamException(e.code(), e.getMessage() + " (after " + Pkcs11Errors.name(deviceError)
                            + ": the token is missing or failing; is it plugged in?)", e);
                }
                throw e;
            } catch (RuntimeException e) {
                discard(pooled);
                throw e;
            }
        }
    }

    /**
     * Opens a logged-in read/write session outside the pool, for the caller to keep and to close
     * with {@link #close(Held, PKCS11Exception)}. A finalised library is initialised again first.
     *
     * @throws IamException {@code UNAVAILABLE} if the store is closed, {@code WRONG_STATE} if there
     *         is no PIN file, {@code RUNTIME} naming the {@code CKR_} value for PKCS#11 errors
     */
    Held hold(String what) throws IamException {
        for (int attempt = 0;; attempt++) {
            requireOpen();
            int generation = this.library.generation();
            try {
                return open();
            } catch (PKCS11Exception e) {
                if (attempt > 0 || !(Pkcs11Errors.recoverable(e) || Pkcs11Errors.device(e))) {
                    throw Pkcs11Errors.runtime(what + " on " + this.name, e);
                }
                if (Pkcs11Errors.device(e)) {
                    this.library.restart(generation, what + " on " + this.name + " failed with " + Pkcs11Errors.name(e));
                } else if (Pkcs11Errors.is(e, CKR_CRYPTOKI_NOT_INITIALIZED)) {
                    this.library.reinitialize(generation);
                }
            }
        }
    }

    /**
     * @return whether a held session belongs to the current initialisation of the library, is
     *         open and is logged in as user; if not, it is closed (if it is still open) and must
     *         not be used again
     */
    boolean loggedIn(Held held) {
        if (held.generation() != this.library.generation()) {
            return false;
        }
        try {
            if (held.session().getSessionInfo().getState() == CKS_RW_USER_FUNCTIONS) {
                return true;
            }
            close(held, null);
        } catch (PKCS11Exception e) {
            close(held, e);
        }
        return false;
    }

    /**
     * Closes a held session, unless the error that made the caller give it up says that its
     * handle is dead already (it may name another session by now) or the library was finalised.
     *
     * @param cause the error, or {@code null}
     */
    void close(Held held, PKCS11Exception cause) {
        boolean dead = cause != null && (Pkcs11Errors.is(cause, CKR_SESSION_HANDLE_INVALID)
                || Pkcs11Errors.is(cause, CKR_SESSION_CLOSED) || Pkcs11Errors.is(cause, CKR_CRYPTOKI_NOT_INITIALIZED));
        if (!dead) {
            discard(held);
        }
    }

    private void requireOpen() throws IamException {
        if (this.closed) {
            throw new IamException(ErrorCode.UNAVAILABLE, "the PKCS#11 store of " + this.name + " is closed");
        }
    }

    private Held borrow() throws PKCS11Exception, IamException {
        requireOpen();
        Held pooled;
        while ((pooled = this.idle.poll()) != null) {
            if (pooled.generation() != this.library.generation()) {
                continue; // the handle died with the old initialisation and may name another session now
            }
            try {
                if (pooled.session().getSessionInfo().getState() != CKS_RW_USER_FUNCTIONS) {
                    loginUser(pooled.session());
                }
                return pooled;
            } catch (PKCS11Exception e) {
                if (Pkcs11Errors.is(e, CKR_CRYPTOKI_NOT_INITIALIZED)) {
                    throw e;
                }
                if (!Pkcs11Errors.is(e, CKR_SESSION_HANDLE_INVALID) && !Pkcs11Errors.is(e, CKR_SESSION_CLOSED)) {
                    discard(pooled);
                }
            }
        }
        return open();
    }

    private Held open() throws PKCS11Exception, IamException {
        int generation = this.library.generation();
        Session session = this.slots.find().slot().getToken().openSession(true);
        Held held = new Held(session, generation);
        try {
            loginUser(session);
        } catch (PKCS11Exception | IamException | RuntimeException e) {
            discard(held);
            throw e;
        }
        return held;
    }

    private void loginUser(Session session) throws PKCS11Exception, IamException {
        char[] pin = this.pinFile.read().orElseThrow(() -> new IamException(ErrorCode.WRONG_STATE,
                this.name + " is not owned: user PIN file " + this.pinFile.path() + " does not exist"));
        try {
            session.login(CKU_USER, pin);
        } catch (PKCS11Exception e) {
            if (!Pkcs11Errors.is(e, CKR_USER_ALREADY_LOGGED_IN)) {
                throw e;
            }
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private void release(Held pooled) {
        if (pooled == null) {
            return;
        }
        if (this.closed || this.idle.size() >= MAX_IDLE) {
            discard(pooled);
        } else {
            this.idle.push(pooled);
        }
    }

    private void discard(Held pooled) {
        if (pooled == null || pooled.generation() != this.library.generation()) {
            return;
        }
        try {
            pooled.session().closeSession();
        } catch (PKCS11Exception e) {
            LOG.debug("closing a session of {}: {}", this.name, Pkcs11Errors.name(e));
        }
    }

    /** Closes the idle sessions; sessions in use are closed when their call ends. */
    void closeSessions() {
        Held pooled;
        while ((pooled = this.idle.poll()) != null) {
            discard(pooled);
        }
    }

    /** Closes every session; later calls fail with {@code UNAVAILABLE}. */
    void close() {
        this.closed = true;
        closeSessions();
    }
}
