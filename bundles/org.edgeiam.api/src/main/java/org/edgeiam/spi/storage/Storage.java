package org.edgeiam.spi.storage;

import java.util.List;
import java.util.Optional;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.api.node.NodeInfo;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Persistent store of certificate metadata and node registrations. Every write is atomic: it
 * either happens whole or leaves the stored data as it was. Implementations are thread-safe.
 * <p>
 * Failures are {@link IamException}s: {@code NOT_FOUND} for a missing item, {@code ALREADY_EXIST}
 * for a duplicate key, {@code RUNTIME} for I/O or database errors.
 *
 * @since 1.0
 */
@ConsumerType
public interface Storage {

    /**
     * Adds the metadata of a certificate.
     *
     * @param cert the certificate; (issuer, serial) must be new
     * @throws IamException {@code ALREADY_EXIST} if (issuer, serial) is stored already
     */
    void addCertInfo(CertInfo cert) throws IamException;

    /**
     * Removes the certificate of a type with the given certificate URL.
     *
     * @param type cert type
     * @param certUrl certificate URL
     * @throws IamException {@code NOT_FOUND} if there is no such row
     */
    void removeCertInfo(String type, String certUrl) throws IamException;

    /**
     * Removes every certificate of a type.
     *
     * @param type cert type
     * @throws IamException {@code RUNTIME} on a database error
     */
    void removeAllCertsInfo(String type) throws IamException;

    /**
     * Removes a certificate's row and records its (issuer, serial) as revoked until its
     * {@code notAfter}, in one transaction; revocations that have expired are dropped at the same
     * time. A storage that keeps no revocation list answers {@code NOT_SUPPORTED} and changes
     * nothing.
     *
     * @param cert the stored certificate
     * @throws IamException {@code NOT_FOUND} if the row is not stored; {@code NOT_SUPPORTED}
     * @since 1.1
     */
    default void revokeCertInfo(CertInfo cert) throws IamException {
        throw new IamException(ErrorCode.NOT_SUPPORTED, "this storage keeps no revoked certificates");
    }

    /**
     * @param issuer DER issuer name
     * @param serial serial bytes
     * @return whether that certificate was revoked and has not expired yet; a storage that keeps
     *         no revocation list never recorded one and answers {@code false}
     * @throws IamException {@code RUNTIME} on a database error
     * @since 1.1
     */
    default boolean isRevoked(byte[] issuer, byte[] serial) throws IamException {
        return false;
    }

    /**
     * @return the revoked certificates that have not expired, with type, issuer, serial and
     *         {@code notAfter} (their URLs are empty: their files are gone); none for a storage
     *         that keeps no revocation list
     * @throws IamException {@code RUNTIME} on a database error
     * @since 1.1
     */
    default List<CertInfo> getRevokedCerts() throws IamException {
        return List.of();
    }

    /**
     * @param issuer DER issuer name
     * @param serial serial bytes
     * @return the certificate with that issuer and serial, of any type
     * @throws IamException {@code NOT_FOUND} if there is none
     */
    CertInfo getCertInfo(byte[] issuer, byte[] serial) throws IamException;

    /**
     * @param type cert type
     * @return all certificates of the type, possibly none
     * @throws IamException {@code RUNTIME} on a database error
     */
    List<CertInfo> getCertsInfo(String type) throws IamException;

    /**
     * Stores (inserts or replaces) the information of a node.
     *
     * @param info the node
     * @throws IamException {@code RUNTIME} on a database error
     */
    void setNodeInfo(NodeInfo info) throws IamException;

    /**
     * @param nodeId node ID
     * @return the stored node, or empty
     * @throws IamException {@code RUNTIME} on a database error
     */
    Optional<NodeInfo> getNodeInfo(String nodeId) throws IamException;

    /**
     * @return the IDs of all stored nodes
     * @throws IamException {@code RUNTIME} on a database error
     */
    List<String> getAllNodeIds() throws IamException;

    /**
     * @param nodeId node ID
     * @throws IamException {@code NOT_FOUND} if the node is not stored
     */
    void removeNodeInfo(String nodeId) throws IamException;

    /**
     * @param nodeId node ID
     * @return the node's key pins (hex SHA-256 of a SubjectPublicKeyInfo), newest first
     * @throws IamException {@code NOT_SUPPORTED} for a storage without pins, {@code RUNTIME} on a
     *         database error
     * @since 1.2
     */
    default List<String> getNodeKeyPins(String nodeId) throws IamException {
        throw new IamException(ErrorCode.NOT_SUPPORTED, "this storage keeps no node key pins");
    }

    /**
     * Adds a key pin for a node and drops the oldest beyond {@code keep}, in one transaction. A
     * pin stored already becomes the newest.
     *
     * @param nodeId node ID
     * @param pin hex SHA-256 of a SubjectPublicKeyInfo
     * @param keep how many pins the node keeps at most
     * @throws IamException {@code NOT_SUPPORTED}, {@code RUNTIME} as above
     * @since 1.2
     */
    default void addNodeKeyPin(String nodeId, String pin, int keep) throws IamException {
        throw new IamException(ErrorCode.NOT_SUPPORTED, "this storage keeps no node key pins");
    }

    /**
     * @param nodeId node ID; removing the pins of a node without any is not an error
     * @throws IamException {@code NOT_SUPPORTED}, {@code RUNTIME} as above
     * @since 1.2
     */
    default void removeNodeKeyPins(String nodeId) throws IamException {
        throw new IamException(ErrorCode.NOT_SUPPORTED, "this storage keeps no node key pins");
    }

    /**
     * @return diagnostics: location, schema version, row counts
     * @throws IamException {@code RUNTIME} on a database error
     */
    StorageStatus status() throws IamException;
}
