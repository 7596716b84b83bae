package org.edgeiam.api.cert;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when the current certificate of a cert type changes.
 *
 * @since 1.0
 */
@ConsumerType
@FunctionalInterface
public interface CertListener {
    /**
     * Called, in order, after the current certificate (latest notAfter) of the subscribed type
     * changed. Must return quickly.
     *
     * @param current the new current certificate
     */
    void certChanged(CertInfo current);
}
