package org.edgeiam.api.ca;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

import org.edgeiam.api.IamException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Issues device certificates per tenant. Each tenant gets its own CA (path length 0, name
 * constraints where the tenant configures them), issued by the platform CA the first time it is
 * needed; its key lives in the configured key store. Only metadata of client certificates is
 * kept (as X.509 credentials), never their keys.
 *
 * @since 1.0
 */
@ProviderType
public interface CertificateAuthority {

    /**
     * @param tenantId a configured tenant
     * @return the certificates that verify the tenant's devices: every valid tenant CA
     *         certificate (newest first; older ones while a renewal overlaps), then the platform
     *         CA chain
     * @throws IamException {@code NOT_FOUND} for an unknown tenant; {@code UNAVAILABLE} if the
     *         platform CA has no certificate or key yet
     */
    List<X509Certificate> trustChain(String tenantId) throws IamException;

    /**
     * Issues a client certificate for a CSR; the device keeps its key.
     *
     * @param tenantId a configured tenant
     * @param csr a PKCS#10 request, PEM or DER, with a valid self-signature and a permitted key
     * @param clientId the client the certificate names (its subject CN)
     * @return the chain, without a private key
     * @throws IamException {@code INVALID_ARGUMENT} naming what is wrong with the CSR (malformed,
     *         bad signature, key type not permitted, a name outside the tenant's constraints)
     */
    IssuedCertificate issue(String tenantId, byte[] csr, String clientId) throws IamException;

    /**
     * Issues a client certificate with a key pair made here.
     *
     * @param tenantId a configured tenant
     * @param clientId the client the certificate names
     * @param keyType the key type; must be permitted for the tenant
     * @return the chain and the private key, returned only this once
     * @throws IamException {@code INVALID_ARGUMENT} for a key type not permitted
     */
    IssuedCertificate generate(String tenantId, String clientId, ClientKeyType keyType) throws IamException;

    /**
     * @param tenantId a configured tenant
     * @return one CRL per valid tenant CA certificate, newest first, listing the revoked client
     *         certificates of the tenant
     * @throws IamException {@code NOT_FOUND} for an unknown tenant
     */
    List<X509CRL> crls(String tenantId) throws IamException;

    /**
     * Renews the tenant CA: a new key and certificate under the same name, used for every later
     * certificate; the previous one stays in {@link #trustChain} until it expires, so devices
     * keep their certificates.
     *
     * @param tenantId a configured tenant
     * @return the new tenant CA certificate
     * @throws IamException {@code NOT_FOUND} for an unknown tenant
     */
    X509Certificate renewTenantCa(String tenantId) throws IamException;
}
