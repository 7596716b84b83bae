package org.edgeiam.keystore.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_INCORRECT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_LEN_RANGE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_ALREADY_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_ANOTHER_ALREADY_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_SO;

import java.util.Arrays;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.TokenInfo;

/**
 * Takes ownership of a token. An uninitialised token is initialised as AosEdge does
 * ({@code C_InitToken} with the password as SO PIN and the configured label, SO login,
 * {@code C_InitPIN}). An initialised token may hold the objects of other cert types, so it is
 * never initialised again: the password must open an SO login, and then only the user PIN is
 * (re)set; a wrong password changes nothing. The user PIN is the PIN file's content, or a new
 * random one that is written to the file once the token accepted it.
 */
final class Ownership {
    private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);

    private final TokenSessions sessions;
    private final SlotFinder slots;
    private final PinFile pinFile;
    private final String tokenLabel;

    Ownership(TokenSessions sessions, SlotFinder slots, PinFile pinFile, String tokenLabel) {
        this.sessions = sessions;
        this.slots = slots;
        this.pinFile = pinFile;
        this.tokenLabel = tokenLabel;
    }

    /**
     * @throws IamException {@code INVALID_ARGUMENT} for a wrong SO password of an initialised
     *         token or a password of a length the token refuses, {@code NOT_FOUND} if there is no
     *         token, {@code RUNTIME} for other failures
     */
    void take(char[] password) throws IamException {
        this.sessions.closeSessions();
        SlotFinder.Found token = this.sessions.token();
        Slot slot = token.slot();
        TokenInfo info = token.info();
        String label = info.isTokenInitialized() ? SlotFinder.label(info) : this.tokenLabel;
        char[] existing = this.pinFile.read().orElse(null);
        char[] pin = existing != null ? existing : this.pinFile.generate();
        try {
            if (info.isTokenInitialized()) {
                this.sessions.withLibrary("SetOwner", () -> setUserPin(slot, password, pin, label));
                LOG.info("token '{}' was initialised already: SO password accepted, user PIN set", label);
            } else {
                this.sessions.withLibrary("SetOwner", () -> initialise(slot, password, pin));
                LOG.info("token '{}' initialised in {}", label, this.sessions.library().path());
            }
            if (existing == null) {
                this.pinFile.write(pin);
            }
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    /**
     * Checks the SO password with an SO login that is ended at once; nothing on the token changes.
     * As for {@link #take}, a user login of the process is ended first (the stores log in again;
     * pending keys of the types sharing the token are lost).
     *
     * @throws IamException {@code INVALID_ARGUMENT} for a wrong SO password or one of a length
     *         the token refuses, {@code NOT_FOUND} if there is no token, {@code RUNTIME} else
     */
    void check(char[] password) throws IamException {
        this.sessions.withLibrary("checking the SO password", () -> {
            SlotFinder.Found token = this.slots.find();
            return withSoLogin(token.slot(), password, SlotFinder.label(token.info()), session -> {
            });
        });
        LOG.debug("token of {}: SO password checked", this.tokenLabel);
    }

    private Void initialise(Slot slot, char[] password, char[] pin) throws PKCS11Exception, IamException {
        Pkcs11Library library = this.sessions.library();
        library.closeAllSessions(slot.getSlotID());
        try {
            library.initToken(slot.getSlotID(), password, this.tokenLabel);
        } catch (PKCS11Exception e) {
            if (Pkcs11Errors.is(e, CKR_PIN_LEN_RANGE) || Pkcs11Errors.is(e, CKR_PIN_INCORRECT)) {
                throw badLength(); // SoftHSM2 answers CKR_PIN_INCORRECT for a PIN of a bad length
            }
            throw e;
        }
        return setUserPin(this.slots.findInitialised(slot.getSlotID(), this.tokenLabel), password, pin,
                this.tokenLabel);
    }

    private Void setUserPin(Slot slot, char[] password, char[] pin, String label) throws PKCS11Exception, IamException {
        return withSoLogin(slot, password, label, session -> session.initPIN(pin));
    }

    /** A call on an SO session. */
    private interface SoCall {
        void run(Session session) throws PKCS11Exception;
    }

    /** Opens a session, logs in as SO, runs the call, logs out and closes the session. */
    private static Void withSoLogin(Slot slot, char[] password, String label, SoCall call)
            throws PKCS11Exception, IamException {
        Session session = slot.getToken().openSession(true);
        try {
            loginSo(session, password, label);
            call.run(session);
            session.logout();
            return null;
        } finally {
            try {
                session.closeSession();
            } catch (PKCS11Exception e) {
                LOG.debug("closing the SO session: {}", Pkcs11Errors.name(e));
            }
        }
    }

    /** SO login; an existing login (of any store) is ended first, the stores log in again. */
    private static void loginSo(Session session, char[] password, String label) throws PKCS11Exception, IamException {
        try {
            try {
                session.login(CKU_SO, password);
            } catch (PKCS11Exception e) {
                if (!Pkcs11Errors.is(e, CKR_USER_ALREADY_LOGGED_IN)
                        && !Pkcs11Errors.is(e, CKR_USER_ANOTHER_ALREADY_LOGGED_IN)) {
                    throw e;
                }
                session.logout();
                session.login(CKU_SO, password);
            }
        } catch (PKCS11Exception e) {
            if (Pkcs11Errors.is(e, CKR_PIN_INCORRECT)) {
                throw new IamException(ErrorCode.INVALID_ARGUMENT, "wrong SO password for token " + label);
            }
            if (Pkcs11Errors.is(e, CKR_PIN_LEN_RANGE)) {
                throw badLength();
            }
            throw e;
        }
    }

    private static IamException badLength() {
        return new IamException(ErrorCode.INVALID_ARGUMENT, "the token does not accept the SO password (length?)");
    }
}
