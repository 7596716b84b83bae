package org.edgeiam.spi.credentials;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.edgeiam.api.IamException;
import org.edgeiam.api.credentials.Credential;
import org.edgeiam.api.credentials.CredentialKind;
import org.edgeiam.api.credentials.CredentialState;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Persistent store of device credentials. Usernames are unique per tenant, certificate bindings
 * (issuer + serial, and SHA-256) across all tenants. Failures: {@code ALREADY_EXIST} for a
 * duplicate, {@code RUNTIME} for a database error, {@code UNAVAILABLE} when closed.
 *
 * @since 1.0
 */
@ConsumerType
public interface CredentialStore {

    /**
     * @param credential a new credential (version 0)
     * @throws IamException {@code ALREADY_EXIST} naming what is taken (ID, username, certificate)
     */
    void insert(StoredCredential credential) throws IamException;

    /**
     * Replaces a credential if its stored version is {@code expectedVersion}.
     *
     * @param credential the credential with its new version
     * @param expectedVersion the version it must have now
     * @return whether it was replaced ({@code false}: gone or changed meanwhile)
     * @throws IamException {@code RUNTIME} on a database error
     */
    boolean update(Credential credential, long expectedVersion) throws IamException;

    /**
     * @param tenantId the tenant
     * @param id the credential ID
     * @return the credential of that tenant, or empty
     * @throws IamException {@code RUNTIME} on a database error
     */
    Optional<StoredCredential> byId(String tenantId, String id) throws IamException;

    /**
     * @param tenantId the tenant
     * @param username a basic credential's username
     * @return the credential, or empty
     * @throws IamException {@code RUNTIME} on a database error
     */
    Optional<StoredCredential> byUsername(String tenantId, String username) throws IamException;

    /**
     * @param issuer issuer distinguished name (RFC 2253)
     * @param serialNumber serial number in base 10
     * @return the X.509 credential bound to that certificate, of any tenant, or empty
     * @throws IamException {@code RUNTIME} on a database error
     */
    Optional<StoredCredential> byCertificate(String issuer, String serialNumber) throws IamException;

    /**
     * @param sha256 lower-case hex SHA-256 of a certificate's DER encoding
     * @return the X.509 credential bound to it, of any tenant, or empty
     * @throws IamException {@code RUNTIME} on a database error
     */
    Optional<StoredCredential> bySha256(String sha256) throws IamException;

    /**
     * @param tenantId the tenant
     * @param kind basic or X.509
     * @param states the states to list, empty for all
     * @param offset rows to skip
     * @param limit at most this many
     * @return matching credentials ordered by creation, then ID
     * @throws IamException {@code RUNTIME} on a database error
     */
    List<Credential> list(String tenantId, CredentialKind kind, Set<CredentialState> states, int offset, int limit)
            throws IamException;

    /**
     * @param tenantId the tenant
     * @param kind basic or X.509
     * @param states the states to count, empty for all
     * @return how many match
     * @throws IamException {@code RUNTIME} on a database error
     */
    int count(String tenantId, CredentialKind kind, Set<CredentialState> states) throws IamException;

    /**
     * @return how many credentials there are per tenant, kind and state (for metrics); absent
     *         combinations have none
     * @throws IamException {@code RUNTIME} on a database error
     */
    Map<String, Map<CredentialKind, Map<CredentialState, Integer>>> census() throws IamException;
}
