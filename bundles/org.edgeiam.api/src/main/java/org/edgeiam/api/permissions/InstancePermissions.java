package org.edgeiam.api.permissions;

import java.util.Map;
import java.util.Objects;

/**
 * What an instance may do on one functional server.
 *
 * @param instance the instance
 * @param permissions function → permission, e.g. {@code *} → {@code rw}
 * @since 1.0
 */
public record InstancePermissions(InstanceIdent instance, Map<String, String> permissions) {
    /** Canonical constructor: copies the map. */
    public InstancePermissions {
        Objects.requireNonNull(instance, "instance");
        permissions = Map.copyOf(permissions);
    }
}
