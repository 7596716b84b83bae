package org.edgeiam.api.permissions;

import java.util.Objects;

/**
 * Identifies a service or component instance ({@code common.v2.InstanceIdent}).
 *
 * @param itemId service or component ID
 * @param subjectId subject ID
 * @param instance instance index
 * @param type 0 = service, 1 = component
 * @param preinstalled whether the item is preinstalled
 * @since 1.0
 */
public record InstanceIdent(String itemId, String subjectId, long instance, int type, boolean preinstalled) {
    /** Canonical constructor: IDs must not be {@code null}. */
    public InstanceIdent {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(subjectId, "subjectId");
    }
}
