package org.edgeiam.api.credentials;

import java.security.cert.X509Certificate;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Authenticates devices by their credentials. A first successful authentication makes an
 * inactive credential active. Nothing here throws: every failure is an {@link AuthResult}.
 *
 * @since 1.0
 */
@ProviderType
public interface Authenticator {

    /**
     * Checks a username and password. The bcrypt comparison runs on a bounded pool of its own;
     * when that pool and its queue are full the answer is {@link AuthOutcome#BUSY} at once.
     *
     * @param tenantId the tenant
     * @param username the username
     * @param password the password; the caller may clear the array once the stage completes
     * @return the answer, completed on the verifier pool (or at once for a refusal that needs no hash)
     */
    CompletionStage<AuthResult> authenticateBasic(String tenantId, String username, char[] password);

    /**
     * Checks a client certificate whose chain the caller (the TLS layer) has already verified,
     * as 22/CAP's certificate request does: the tenant is found from the credential.
     *
     * @param issuer the issuer distinguished name (RFC 2253)
     * @param serialNumber the serial number in base 10
     * @return the answer
     */
    AuthResult authenticateCertificate(String issuer, String serialNumber);

    /**
     * Checks a client certificate whose chain the caller has already verified: bound by its
     * SHA-256 (or its issuer and serial), within its validity, in the given tenant.
     *
     * @param tenantId the tenant the connection belongs to
     * @param certificate the client's certificate
     * @return the answer
     */
    AuthResult authenticateCertificate(String tenantId, X509Certificate certificate);
}
