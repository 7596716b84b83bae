package org.edgeiam.api.provisioning;

import java.util.List;

import org.edgeiam.api.IamException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Provisioning of this node. Passwords are never logged and never part of an error.
 *
 * <p>The owner password guards every operation that changes key stores or the provisioning
 * state: each operation first checks it against every key store that has an owner (see
 * {@link org.edgeiam.api.cert.CertHandler#checkOwner}), before its hook runs and before anything
 * is changed. A wrong password answers {@code INVALID_ARGUMENT} naming the cert type and changes
 * nothing; so does a store whose password cannot be checked ({@code UNAVAILABLE}, {@code
 * NOT_SUPPORTED}).
 *
 * @since 1.0
 */
@ProviderType
public interface ProvisionManager {

    /**
     * @return the cert types the cloud issues certificates for (self-signed ones excluded)
     */
    List<String> certTypes();

    /**
     * Checks the password against the stores that have an owner already (a store without one is
     * taken by the first password, as before), then runs the start hook, clears every cert type,
     * takes ownership of each key store with the password, creates self-signed certificates where
     * configured, runs the disk encryption hook. On failure the node stays {@code unprovisioned}
     * and the error names the failed step.
     *
     * @param password the owner password (SO PIN)
     * @throws IamException {@code WRONG_STATE} if the node is not unprovisioned, {@code
     *         INVALID_ARGUMENT} if the password is not the owner's of a store that has one
     *         (since 1.1), else the failed step's error
     */
    void startProvisioning(String password) throws IamException;

    /**
     * Checks the password against every store that has an owner, runs the finish hook and sets the
     * node {@code provisioned}.
     *
     * @param password the owner password
     * @throws IamException {@code WRONG_STATE} if the node is not unprovisioned, or (since 1.1)
     *         if cert types exist but no store has an owner (start provisioning first); {@code
     *         INVALID_ARGUMENT} for a wrong password (since 1.1); or the hook's error
     */
    void finishProvisioning(String password) throws IamException;

    /**
     * Checks the password against every store that has an owner, removes keys, certificates and
     * their metadata, runs the deprovision hook and sets the node {@code unprovisioned}.
     *
     * @param password the owner password
     * @throws IamException {@code WRONG_STATE} if the node is unprovisioned, or (since 1.1) if cert
     *         types exist but no store has an owner whose password could be checked; {@code
     *         INVALID_ARGUMENT} for a wrong password (since 1.1); or the failed step's error
     */
    void deprovision(String password) throws IamException;
}
