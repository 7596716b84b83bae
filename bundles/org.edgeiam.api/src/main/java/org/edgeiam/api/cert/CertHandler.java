package org.edgeiam.api.cert;

import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.spi.keystore.TlsKey;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The certificate lifecycle of this node: one cert type per configured cert module, each bound
 * to a key storage backend. Every failure leaves stored keys, certificates and metadata as they
 * were. A cert type whose backend is missing answers {@code UNAVAILABLE}.
 *
 * @since 1.0
 */
@ProviderType
public interface CertHandler {

    /** @return the configured, enabled cert types, self-signed ones included, sorted */
    List<String> certTypes();

    /**
     * @param certType a cert type
     * @return its module description
     * @throws IamException {@code NOT_FOUND} for an unknown cert type
     */
    CertModuleInfo moduleInfo(String certType) throws IamException;

    /**
     * Takes ownership of the type's store with the owner password (SO PIN).
     *
     * @param certType the cert type
     * @param password the owner password; never logged
     * @throws IamException {@code NOT_FOUND}, {@code UNAVAILABLE}, or the backend's error
     */
    void setOwner(String certType, String password) throws IamException;

    /**
     * Checks the owner password of the type's store without changing anything (see
     * {@link org.edgeiam.spi.keystore.ModuleStore#checkOwner}). Provisioning calls it before
     * anything destructive.
     *
     * <p>The default refuses with {@code NOT_SUPPORTED}: an implementation that cannot check the
     * password must never let a caller pass as the owner.
     *
     * @param certType the cert type
     * @param password the owner password; never logged
     * @return {@code true} if the store has an owner and the password is its password,
     *         {@code false} if the store has no owner to check (not owned yet)
     * @throws IamException {@code INVALID_ARGUMENT} for a wrong password (the message never
     *         contains it), {@code NOT_FOUND} for an unknown cert type, {@code UNAVAILABLE} if
     *         its backend is missing, {@code NOT_SUPPORTED} if the backend cannot check it
     * @since 1.2
     */
    default boolean checkOwner(String certType, String password) throws IamException {
        throw new IamException(ErrorCode.NOT_SUPPORTED, "the owner password of cert type " + certType
                + " cannot be checked by this certificate handler");
    }

    /**
     * Removes every key and certificate of the type and its metadata.
     *
     * @param certType the cert type
     * @throws IamException {@code NOT_FOUND}, {@code UNAVAILABLE}, or the backend's error
     */
    void clear(String certType) throws IamException;

    /**
     * Generates a key pair and returns a CSR for it: subject {@code CN=<subject>}, the module's
     * DNS alternative names and extended key usages.
     *
     * @param certType the cert type
     * @param subject the common name; must not be empty
     * @param password accepted for compatibility (AosEdge passes the node secret); unused
     * @return the CSR, PEM-encoded
     * @throws IamException {@code NOT_FOUND} unknown type, {@code INVALID_ARGUMENT} empty subject,
     *         {@code WRONG_STATE} store not owned, {@code UNAVAILABLE} backend missing
     */
    String createKey(String certType, String subject, String password) throws IamException;

    /**
     * Applies a signed certificate chain to the pending key it belongs to: verifies every link's
     * signature and the leaf's validity, trims the stored certificates to the module's maximum
     * (earliest notAfter first), stores the chain and its metadata, and notifies subscribers if
     * the current certificate changed.
     *
     * @param certType the cert type
     * @param pemChain the PEM chain, leaf first
     * @return the stored certificate's metadata
     * @throws IamException {@code INVALID_ARGUMENT} malformed or empty PEM, {@code
     *         INVALID_CHECKSUM} a signature that does not verify, {@code OUT_OF_RANGE} a leaf
     *         outside its validity, {@code NOT_FOUND} no pending key matches the leaf or unknown
     *         type, {@code UNAVAILABLE} backend missing
     */
    CertInfo applyCertificate(String certType, String pemChain) throws IamException;

    /**
     * Creates and applies a self-signed certificate ({@code CN=Aos Core}, 100 years) for a
     * self-signed module.
     *
     * @param certType the cert type
     * @return the stored certificate's metadata
     * @throws IamException {@code WRONG_STATE} if the module is not self-signed, as above otherwise
     */
    CertInfo createSelfSignedCertificate(String certType) throws IamException;

    /**
     * Finds a certificate: with an empty serial, the current certificate of the type (latest
     * notAfter); otherwise the one with that issuer and serial, of any type.
     *
     * @param certType the cert type
     * @param issuer DER issuer name, used with a serial
     * @param serial serial bytes, or empty
     * @return the certificate's metadata
     * @throws IamException {@code NOT_FOUND} if there is none
     */
    CertInfo getCertificate(String certType, byte[] issuer, byte[] serial) throws IamException;

    /**
     * @param certType the cert type
     * @return the stored certificates of the type, possibly none
     * @throws IamException {@code NOT_FOUND} unknown type, {@code UNAVAILABLE} storage missing
     */
    List<CertInfo> getCertificates(String certType) throws IamException;

    /**
     * Subscribes to changes of the type's current certificate. The listener is also told of the
     * current certificate whenever it becomes available: when the type's module, key store and
     * database are all present (at start-up, after a backend was replaced). A type that is not
     * configured yet is accepted, so a subscriber need not wait for the module's configuration.
     *
     * @param certType the cert type
     * @param listener told after each change, in order
     * @return the handle that ends the subscription
     * @throws IamException {@code NOT_FOUND} for an empty cert type
     */
    Subscription subscribeCertChanged(String certType, CertListener listener) throws IamException;

    /**
     * Loads the private key and chain of the type's current certificate, for TLS.
     *
     * @param certType the cert type
     * @return key and chain
     * @throws IamException {@code NOT_FOUND} no certificate yet, {@code UNAVAILABLE} backend missing
     */
    TlsKey currentTlsKey(String certType) throws IamException;

    /**
     * Whether a certificate was removed by trimming (a newer certificate of its type replaced it)
     * and has not expired yet: such a certificate must no longer be accepted from a client.
     *
     * @param issuer DER issuer name
     * @param serial serial bytes
     * @return true if revoked
     * @throws IamException {@code UNAVAILABLE} storage missing, {@code RUNTIME} database error
     * @since 1.1
     */
    boolean isRevoked(byte[] issuer, byte[] serial) throws IamException;
}
