package org.edgeiam.spi.keystore;

import java.security.cert.X509Certificate;
import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The keys and certificates of one cert type in one backend. Implementations are thread-safe and
 * recover from lost sessions by themselves (they never cache dead handles). Passwords are never
 * logged or kept longer than the call that needs them.
 *
 * @since 1.0
 */
@ConsumerType
public interface ModuleStore extends AutoCloseable {

    /** @return whether the store is owned (token initialised / key store created) */
    boolean isOwned() throws IamException;

    /**
     * Takes ownership: initialises the token with the password as SO PIN and sets a generated
     * user PIN kept in the {@code userPinPath} file (owner-only), or creates the file store
     * protected by a generated key. Pending keys of this store are dropped.
     *
     * @param password the owner (SO) password; the caller clears the array afterwards
     * @throws IamException {@code INVALID_ARGUMENT} for a wrong SO password of an already
     *         initialised token, {@code RUNTIME} for backend failures
     */
    void setOwner(char[] password) throws IamException;

    /**
     * Checks the owner (SO) password of this store and changes nothing: no key, certificate, PIN
     * or file is touched and no login stays open. Destructive operations (clearing the store for
     * a new owner, deprovisioning) call it first, so that a wrong password changes nothing. A
     * store that is not owned has no owner to check; neither has a store whose owner password was
     * never recorded (a user PIN file put in place by hand): the next {@link #setOwner} adopts
     * such a store, as it takes one that is not owned.
     *
     * <p>The default refuses with {@code NOT_SUPPORTED}: a backend that cannot check the password
     * must never let a caller pass as the owner.
     *
     * @param password the owner (SO) password; the caller clears the array afterwards
     * @return {@code true} if the store has an owner and the password is its password,
     *         {@code false} if it has no owner to check
     * @throws IamException {@code INVALID_ARGUMENT} for a wrong password (the message never
     *         contains it), {@code NOT_SUPPORTED} if the backend cannot check it, {@code
     *         UNAVAILABLE} or {@code RUNTIME} for backend failures
     * @since 1.2
     */
    default boolean checkOwner(char[] password) throws IamException {
        throw new IamException(ErrorCode.NOT_SUPPORTED, "this key storage backend cannot check the owner password");
    }

    /**
     * Removes every key and certificate of this store. Does nothing if the store is not owned.
     *
     * @throws IamException {@code RUNTIME} for backend failures
     */
    void clear() throws IamException;

    /**
     * Generates a key pair in the store (on the token, non-extractable, for an HSM).
     *
     * @param algorithm the algorithm
     * @return the pending key
     * @throws IamException {@code WRONG_STATE} if the store is not owned
     */
    PendingKey generateKey(KeyAlgorithm algorithm) throws IamException;

    /**
     * Drops a pending key that will not get a certificate (deletes it from the token).
     *
     * @param key the pending key
     * @throws IamException {@code RUNTIME} for backend failures
     */
    void discard(PendingKey key) throws IamException;

    /**
     * Stores a certificate chain for a pending key: the leaf with the key's id and this cert
     * type as label, the rest of the chain as issuer certificates.
     *
     * @param key the pending key the leaf belongs to
     * @param chain the certificates, leaf first
     * @return where the certificate and key are
     * @throws IamException {@code NOT_FOUND} if the key is not pending in this store, {@code
     *         INVALID_ARGUMENT} for an empty chain or a leaf without the key's public key,
     *         {@code WRONG_STATE} if not owned, {@code RUNTIME} for backend failures; in every
     *         case nothing is stored and the key stays pending
     */
    StoredCertificate store(PendingKey key, List<X509Certificate> chain) throws IamException;

    /**
     * Takes back a {@link #store} whose database row could not be written (disk full, database
     * gone): removes what was stored and, where the backend can, makes the key pending again so
     * that the same ApplyCert can be retried. The default only removes.
     *
     * @param stored what {@link #store} returned
     * @param key the key it stored
     * @return whether the key is pending again
     * @throws IamException as {@link #remove}
     * @since 1.1
     */
    default boolean unstore(StoredCertificate stored, PendingKey key) throws IamException {
        remove(stored.certUrl(), stored.keyUrl());
        return false;
    }

    /**
     * Removes a stored certificate and its key. An empty URL means "none" (an orphan has only one).
     *
     * @param certUrl certificate URL, or empty
     * @param keyUrl key URL, or empty
     * @throws IamException {@code NOT_FOUND} if neither exists
     */
    void remove(String certUrl, String keyUrl) throws IamException;

    /**
     * Lists what the store holds for this cert type, complete entries and orphans.
     *
     * @return the entries
     * @throws IamException {@code RUNTIME} for backend failures
     */
    List<StoredEntry> list() throws IamException;

    /**
     * Loads a stored key with its chain, for TLS.
     *
     * @param certUrl certificate URL
     * @param keyUrl key URL
     * @return the key and chain
     * @throws IamException {@code NOT_FOUND} if not stored, {@code INVALID_ARGUMENT} for a URL
     *         that is not of this store, {@code WRONG_STATE} if not owned, {@code RUNTIME} for a
     *         wrong PIN or corrupt data
     */
    TlsKey load(String certUrl, String keyUrl) throws IamException;

    /**
     * Loads the certificate chain at a URL.
     *
     * @param certUrl certificate URL
     * @return the chain, leaf first
     * @throws IamException {@code NOT_FOUND} if not stored
     */
    List<X509Certificate> certificates(String certUrl) throws IamException;

    /** Releases sessions and handles; later calls fail with {@code UNAVAILABLE}. Never throws. */
    @Override
    void close();
}
