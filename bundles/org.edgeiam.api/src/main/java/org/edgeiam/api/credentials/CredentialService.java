package org.edgeiam.api.credentials;

import java.security.cert.X509Certificate;
import java.util.Set;

import org.edgeiam.api.IamException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Manages device credentials per tenant. One tenant never sees another's credentials: a
 * credential of another tenant is {@code NOT_FOUND}. Every state change is told to the
 * {@link CredentialListener} services after it is stored.
 *
 * @since 1.0
 */
@ProviderType
public interface CredentialService {

    /**
     * Creates an inactive basic credential.
     *
     * @param tenantId a configured tenant
     * @param username unique within the tenant: 1–128 of {@code [A-Za-z0-9._=-]}
     * @param password 1–72 bytes in UTF-8; only its bcrypt hash is kept
     * @param clientId the client it authenticates (same characters as a username)
     * @return the new credential
     * @throws IamException {@code NOT_FOUND} for an unknown tenant, {@code INVALID_ARGUMENT} naming
     *         the field, {@code ALREADY_EXIST} for a taken username, {@code UNAVAILABLE} without storage
     */
    Credential createBasic(String tenantId, String username, char[] password, String clientId) throws IamException;

    /**
     * Creates an inactive X.509 credential bound to a certificate (its metadata only).
     *
     * @param tenantId a configured tenant
     * @param certificate the client certificate
     * @param clientId the client it authenticates
     * @return the new credential
     * @throws IamException {@code NOT_FOUND} for an unknown tenant, {@code INVALID_ARGUMENT} naming
     *         the field, {@code ALREADY_EXIST} if the certificate is bound already
     */
    Credential createX509(String tenantId, X509Certificate certificate, String clientId) throws IamException;

    /**
     * @param tenantId the tenant
     * @param id the credential ID
     * @return the credential
     * @throws IamException {@code NOT_FOUND} if the tenant has no such credential
     */
    Credential get(String tenantId, String id) throws IamException;

    /**
     * @param tenantId the tenant
     * @param kind basic or X.509
     * @param states the states to list; empty for all
     * @param offset how many to skip, ≥ 0
     * @param limit at most this many, 1–1000
     * @return the page, oldest first
     * @throws IamException {@code NOT_FOUND} for an unknown tenant, {@code INVALID_ARGUMENT} for a bad range
     */
    CredentialPage list(String tenantId, CredentialKind kind, Set<CredentialState> states, int offset, int limit)
            throws IamException;

    /**
     * Moves a credential to another state, if the state machine allows it
     * ({@link CredentialState#canBeSetTo}).
     *
     * @param tenantId the tenant
     * @param id the credential ID
     * @param target the new state
     * @param expectedVersion the version the caller last saw, or -1 for any
     * @return the credential in its new state
     * @throws IamException {@code NOT_FOUND}; {@code WRONG_STATE} for a move the machine does not
     *         allow, naming both states; {@code ALREADY_EXIST} if the version is not the expected one
     */
    Credential setState(String tenantId, String id, CredentialState target, long expectedVersion) throws IamException;
}
