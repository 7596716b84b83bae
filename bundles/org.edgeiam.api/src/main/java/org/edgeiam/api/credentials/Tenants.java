package org.edgeiam.api.credentials;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The configured tenants.
 *
 * @since 1.0
 */
@ProviderType
public interface Tenants {
    /** @return every configured tenant, by ID */
    List<Tenant> all();

    /**
     * @param id a tenant ID
     * @return the tenant, or empty if it is not configured
     */
    Optional<Tenant> get(String id);
}
