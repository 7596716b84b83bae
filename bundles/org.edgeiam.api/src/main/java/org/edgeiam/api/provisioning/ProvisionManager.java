package org.edgeiam.api.provisioning;

import java.util.List;

import org.edgeiam.api.IamException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Provisioning of this node. Passwords are never logged.
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
     * Runs the start hook, clears every cert type, takes ownership of each key store with the
     * password, creates self-signed certificates where configured, runs the disk encryption
     * hook. On failure the node stays {@code unprovisioned} and the error names the failed step.
     *
     * @param password the owner password (SO PIN)
     * @throws IamException {@code WRONG_STATE} if the node is not unprovisioned, else the failed
     *         step's error
     */
    void startProvisioning(String password) throws IamException;

    /**
     * Runs the finish hook and sets the node {@code provisioned}.
     *
     * @param password the owner password
     * @throws IamException {@code WRONG_STATE} if the node is not unprovisioned, or the hook's
     *         error
     */
    void finishProvisioning(String password) throws IamException;

    /**
     * Removes keys, certificates and their metadata, runs the deprovision hook and sets the node
     * {@code unprovisioned}.
     *
     * @param password the owner password
     * @throws IamException {@code WRONG_STATE} if the node is unprovisioned, or the failed step's
     *         error
     */
    void deprovision(String password) throws IamException;
}
