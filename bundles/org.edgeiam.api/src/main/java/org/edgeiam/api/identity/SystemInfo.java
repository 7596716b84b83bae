package org.edgeiam.api.identity;

import java.util.Objects;

/**
 * The unit's system identity.
 *
 * @param systemId the system ID (e.g. the VIN)
 * @param unitModel the unit model
 * @param version the unit model version
 * @since 1.0
 */
public record SystemInfo(String systemId, String unitModel, String version) {
    /** Canonical constructor: nothing may be {@code null}. */
    public SystemInfo {
        Objects.requireNonNull(systemId, "systemId");
        Objects.requireNonNull(unitModel, "unitModel");
        Objects.requireNonNull(version, "version");
    }
}
