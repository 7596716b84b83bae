package org.edgeiam.api.credentials;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every credential state change, after it is stored, in the order they happen (whiteboard:
 * register one as a service). A broker cuts the sessions of a credential that
 * {@link CredentialEvent#disables()}. Implementations return quickly and do not throw.
 *
 * @since 1.0
 */
@ConsumerType
public interface CredentialListener {
    /** @param event what changed */
    void credentialChanged(CredentialEvent event);
}
