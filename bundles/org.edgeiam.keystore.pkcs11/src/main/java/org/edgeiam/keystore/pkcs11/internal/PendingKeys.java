package org.edgeiam.keystore.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_CLASS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_KEY_HANDLE_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_OBJECT_HANDLE_INVALID;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * The key pairs of a store that wait for their certificate. They are session objects
 * ({@code CKA_TOKEN} false, otherwise with the attributes of stored keys) on one session that the
 * store holds for them, so that generating and discarding them never touches the token's
 * persistent storage; {@link #persist} copies a pair to token objects when its certificate comes.
 * Every operation on them runs on that session, under this object's lock, with the handles kept
 * from the generation. Before a handle is used, {@code C_GetAttributeValue} checks that it still
 * names the key ({@code CKA_CLASS}, {@code CKA_ID}): a logout destroys private session objects
 * without telling, and some tokens give a freed handle to the next object.
 *
 * <p>Session objects die with their session, and private ones with the user login of the process.
 * If the session was closed, lost its login or the library was finalised, its keys are lost:
 * using them fails with {@code NOT_FOUND} ({@value #LOST}), and the next key gets a new session.
 */
final class PendingKeys {
    /** The message for a key that died with its session; {@code %s}: the key id, the cert type. */
    static final String LOST = "pending key %s of cert type %s was lost with its PKCS#11 session (closed, logged "
            + "out or the library finalised); call CreateKey again";

    private static final Logger LOG = LoggerFactory.getLogger(PendingKeys.class);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** Checks, before a new session is opened, that the store is owned. */
    interface OwnerCheck {
        void require() throws IamException;
    }

    /** Writes what belongs with a key that is being persisted (its certificates). */
    interface Companions {
        /**
         * @param created the handles of the token objects made so far; the handles made are added
         */
        void write(Session session, List<Long> created) throws PKCS11Exception, IamException;
    }

    /**
     * A pending key pair: its id, its handles, the session (by epoch) they belong to, and whether
     * its private key was found gone.
     */
    private record Entry(byte[] id, long privateHandle, long publicHandle, int epoch, boolean lost) {
    }

    private final TokenSessions sessions;
    private final String certType;
    private final OwnerCheck ownerCheck;
    private final Map<String, Entry> keys = new HashMap<>();
    private TokenSessions.Held held;
    /** Counts the sessions held: a key is alive only while the session of its epoch is. */
    private int epoch;

    PendingKeys(TokenSessions sessions, String certType, OwnerCheck ownerCheck) {
        this.sessions = sessions;
        this.certType = certType;
        this.ownerCheck = ownerCheck;
    }

    /**
     * Generates a pending key pair, on a new session if the one held died or lost its login (its
     * keys are lost then).
     *
     * @throws IamException {@code WRONG_STATE} if a session must be opened and the store is not
     *         owned, {@code RUNTIME} for PKCS#11 errors
     */
    synchronized TokenKeys.Generated generate(KeyAlgorithm algorithm, byte[] id) throws IamException {
        for (int attempt = 0;; attempt++) {
            Session session = session();
            try {
                TokenKeys.Generated pair = TokenKeys.generate(session, algorithm, id, this.certType);
                Entry entry = new Entry(id, pair.privateHandle(), pair.publicHandle(), this.epoch, false);
                this.keys.put(HEX.formatHex(id), entry);
                return pair;
            } catch (PKCS11Exception e) {
                if (attempt > 0 || !Pkcs11Errors.recoverable(e)) {
                    throw Pkcs11Errors.runtime("key generation on cert type " + this.certType, e);
                }
                LOG.debug("cert type {}: key generation: {}, retrying on a new session", this.certType,
                        Pkcs11Errors.name(e));
                loseSession(e);
            }
        }
    }

    /**
     * Signs with a pending key.
     *
     * @return the signature, or empty if the key is not pending (stored or discarded)
     * @throws IamException {@code NOT_FOUND} if the key was lost, {@code RUNTIME} for other
     *         PKCS#11 errors
     */
    synchronized Optional<byte[]> sign(String hex, Mechanism mechanism, byte[] input) throws IamException {
        Entry entry = this.keys.get(hex);
        if (entry == null) {
            return Optional.empty();
        }
        Session session = alive(hex, entry);
        try {
            requireKey(session, hex, entry);
            return Optional.of(session.signSingle(mechanism, entry.privateHandle(), input));
        } catch (PKCS11Exception e) {
            throw failure("signing with pending key " + hex, hex, e);
        }
    }

    /**
     * Copies a pending key pair to token objects, lets {@code companions} write its certificates
     * on the same session and drops the session objects: the key is no longer pending. If a step
     * fails, the token objects made are destroyed and the key stays pending (unless it was lost).
     *
     * @param created the handles of the token objects made; on failure, those that could not be
     *        destroyed (the session died) are left in it
     * @throws IamException {@code NOT_FOUND} if the key is not pending or was lost, what
     *         {@code companions} throws, {@code RUNTIME} for PKCS#11 errors
     */
    synchronized void persist(String hex, List<Long> created, Companions companions) throws IamException {
        Entry entry = this.keys.get(hex);
        if (entry == null) {
            throw new IamException(ErrorCode.NOT_FOUND, "key " + hex + " is not pending in cert type " + this.certType);
        }
        Session session = alive(hex, entry);
        try {
            requireKey(session, hex, entry);
            if (!names(session, entry.publicHandle(), CKO_PUBLIC_KEY, entry.id())) {
                markLost(hex, "its public key is gone");
                throw lost(hex);
            }
            created.add(TokenKeys.copyToToken(session, entry.privateHandle()));
            created.add(TokenKeys.copyToToken(session, entry.publicHandle()));
            companions.write(session, created);
        } catch (PKCS11Exception e) {
            TypeObjects.destroyQuietly(session, created);
            throw failure("storing key " + hex, hex, e);
        } catch (IamException | RuntimeException e) {
            TypeObjects.destroyQuietly(session, created);
            throw e;
        }
        this.keys.remove(hex);
        TypeObjects.destroyQuietly(session, new ArrayList<>(List.of(entry.privateHandle(), entry.publicHandle())));
    }

    /**
     * Destroys a pending key pair (what is left of it, if it was lost while its session lives); a
     * key that is not pending or whose session is gone is just forgotten.
     */
    synchronized void discard(String hex) {
        Entry entry = this.keys.remove(hex);
        Session session = entry == null ? null : current();
        if (session == null || entry.epoch() != this.epoch) {
            return;
        }
        try {
            List<Long> handles = new ArrayList<>();
            if (names(session, entry.privateHandle(), CKO_PRIVATE_KEY, entry.id())) {
                handles.add(entry.privateHandle());
            }
            if (names(session, entry.publicHandle(), CKO_PUBLIC_KEY, entry.id())) {
                handles.add(entry.publicHandle());
            }
            TypeObjects.destroyQuietly(session, handles);
        } catch (PKCS11Exception e) {
            LOG.debug("cert type {}: pending key {} not destroyed: {}", this.certType, hex, Pkcs11Errors.name(e));
            if (Pkcs11Errors.recoverable(e)) {
                loseSession(e);
            }
        }
    }

    /** Drops every pending key: closes the session, which destroys its objects. */
    synchronized void drop() {
        this.keys.clear();
        if (this.held != null) {
            this.sessions.close(this.held, null);
            this.held = null;
        }
    }

    /** @return the held session, checked ({@code C_GetSessionInfo}) or new */
    private Session session() throws IamException {
        if (this.held != null && !this.sessions.loggedIn(this.held)) {
            forget("it died or lost its login");
        }
        if (this.held == null) {
            this.ownerCheck.require();
            this.held = this.sessions.hold("opening the session for pending keys");
            this.epoch++;
        }
        return this.held.session();
    }

    /** @return the held session, if the key belongs to it */
    private Session alive(String hex, Entry entry) throws IamException {
        Session session = current();
        if (session == null || entry.epoch() != this.epoch || entry.lost()) {
            throw lost(hex);
        }
        return session;
    }

    /**
     * @return the held session, or {@code null} if there is none or it belongs to an earlier
     *         initialisation of the library (its handle may name another session by now)
     */
    private Session current() {
        if (this.held != null && this.held.generation() != this.sessions.library().generation()) {
            forget("the library was initialised again");
        }
        return this.held == null ? null : this.held.session();
    }

    /** Checks that the key's private handle still names it. */
    private void requireKey(Session session, String hex, Entry entry) throws PKCS11Exception, IamException {
        if (!names(session, entry.privateHandle(), CKO_PRIVATE_KEY, entry.id())) {
            markLost(hex, "its private key is gone");
            throw lost(hex);
        }
    }

    /**
     * @return whether a handle names an object of that class and id
     * @throws PKCS11Exception for errors other than an invalid object handle (a dead session)
     */
    private static boolean names(Session session, long handle, long objectClass, byte[] id) throws PKCS11Exception {
        AttributeVector attrs;
        try {
            attrs = session.getAttrValues(handle, CKA_CLASS, CKA_ID);
        } catch (PKCS11Exception e) {
            if (Pkcs11Errors.is(e, CKR_OBJECT_HANDLE_INVALID) || Pkcs11Errors.is(e, CKR_KEY_HANDLE_INVALID)) {
                return false;
            }
            throw e;
        }
        Long actual = attrs.class_();
        return actual != null && actual == objectClass && Arrays.equals(attrs.id(), id);
    }

    /** Marks one key lost: its private session object is gone (a logout destroys them). */
    private void markLost(String hex, String why) {
        Entry entry = this.keys.get(hex);
        this.keys.put(hex, new Entry(entry.id(), entry.privateHandle(), entry.publicHandle(), entry.epoch(), true));
        LOG.info("cert type {}: pending key {} lost ({})", this.certType, hex, why);
    }

    /** @return the exception for a PKCS#11 error on a pending key; marks what it lost */
    private IamException failure(String what, String hex, PKCS11Exception e) {
        if (Pkcs11Errors.recoverable(e)) {
            loseSession(e);
            return lost(hex);
        }
        if (Pkcs11Errors.is(e, CKR_OBJECT_HANDLE_INVALID) || Pkcs11Errors.is(e, CKR_KEY_HANDLE_INVALID)) {
            markLost(hex, Pkcs11Errors.name(e));
            return lost(hex);
        }
        return Pkcs11Errors.runtime(what + " on cert type " + this.certType, e);
    }

    /**
     * Gives up the held session after an error that says it died (its keys are lost). A finalised
     * library is initialised again when the next session is opened.
     */
    private void loseSession(PKCS11Exception cause) {
        if (this.held != null) {
            this.sessions.close(this.held, cause);
            forget(Pkcs11Errors.name(cause));
        }
    }

    /** Forgets the held session (closed already, or dead); its keys are lost. */
    private void forget(String why) {
        this.held = null;
        long lost = this.keys.values().stream().filter(e -> e.epoch() == this.epoch).count();
        if (lost > 0) {
            LOG.info("cert type {}: {} pending keys lost with their PKCS#11 session ({})", this.certType, lost, why);
        }
    }

    private IamException lost(String hex) {
        String restart = this.sessions.library().lastRestart();
        return new IamException(ErrorCode.NOT_FOUND, String.format(LOST, hex, this.certType)
                + (restart.isEmpty() ? "" : " (the library was restarted: " + restart
                        + "; the token is missing or failing, is it plugged in?)"));
    }
}
