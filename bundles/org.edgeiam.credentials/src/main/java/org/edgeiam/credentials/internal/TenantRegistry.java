package org.edgeiam.credentials.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.edgeiam.api.credentials.Tenant;
import org.edgeiam.api.credentials.Tenants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured tenants, as their configurations come and go. Two configurations with the same
 * ID: the first stays, the second is ignored with an error.
 */
@Component
public final class TenantRegistry implements Tenants {
    private static final Logger LOG = LoggerFactory.getLogger(TenantRegistry.class);

    private final Map<String, ConfiguredTenant> byId = new ConcurrentHashMap<>();

    /** Creates an empty registry; tenants arrive as references. */
    public TenantRegistry() {
        // tenants are bound below
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTenant(ConfiguredTenant tenant) {
        ConfiguredTenant earlier = this.byId.putIfAbsent(tenant.tenant().id(), tenant);
        if (earlier != null) {
            LOG.error("tenant {} is configured twice: the second configuration is ignored", tenant.tenant().id());
        } else {
            LOG.info("tenant {} ({}) configured", tenant.tenant().id(), tenant.tenant().name());
        }
    }

    void removeTenant(ConfiguredTenant tenant) {
        if (this.byId.remove(tenant.tenant().id(), tenant)) {
            LOG.info("tenant {} removed", tenant.tenant().id());
        }
    }

    @Override
    public List<Tenant> all() {
        List<Tenant> out = new ArrayList<>();
        this.byId.values().forEach(t -> out.add(t.tenant()));
        out.sort(Comparator.comparing(Tenant::id));
        return out;
    }

    @Override
    public Optional<Tenant> get(String id) {
        ConfiguredTenant t = id == null ? null : this.byId.get(id);
        return t == null ? Optional.empty() : Optional.of(t.tenant());
    }
}
