package org.edgeiam.ca.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.ca.ClientKeyType;
import org.edgeiam.util.DeviceNames;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The certificate profile of one tenant, read from the tenant's own configuration
 * ({@code org.edgeiam.tenant~<id>}, whose {@code ca.*} keys this bundle owns). Missing keys take
 * the CA's defaults.
 */
@Component(service = TenantCaSettings.class, configurationPid = "org.edgeiam.tenant",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class TenantCaSettings {
    /** The {@code ca.*} keys of a tenant's configuration. */
    @ObjectClassDefinition(name = "EdgeIAM tenant CA profile")
    public @interface Config {
        /** @return the tenant ID */
        String id();

        /** @return permitted DNS subtrees */
        @AttributeDefinition(description = "DNS name constraints of the tenant CA (e.g. .acme.example); none: unconstrained.")
        String[] ca_name_constraints_dns() default {};

        /** @return client validity, 0 for the default */
        @AttributeDefinition(description = "Validity of client certificates in days; 0: the CA's default.")
        int ca_client_validity_days() default 0;

        /** @return permitted key types, empty for the default */
        @AttributeDefinition(description = "Key types of client certificates (EC_P256, EC_P384, ED25519, RSA_2048, RSA_3072, RSA_4096); none: the CA's default.")
        String[] ca_key_types() default {};
    }

    private final String tenantId;
    private final List<String> dnsConstraints;
    private final int clientValidityDays;
    private final Set<ClientKeyType> keyTypes;

    /**
     * @param config the tenant's configuration
     * @throws IamException {@code INVALID_ARGUMENT} naming a bad key
     */
    @Activate
    public TenantCaSettings(Config config) throws IamException {
        this.tenantId = config.id();
        for (String d : config.ca_name_constraints_dns()) {
            if (!DeviceNames.isDnsSubtree(d)) {
                throw new IamException(ErrorCode.INVALID_ARGUMENT, "tenant " + this.tenantId
                        + ": ca.name.constraints.dns: not a DNS name or subtree: " + d);
            }
        }
        this.dnsConstraints = List.of(config.ca_name_constraints_dns());
        if (config.ca_client_validity_days() < 0 || config.ca_client_validity_days() > 36_500) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "tenant " + this.tenantId
                    + ": ca.client.validity.days must be 0–36500");
        }
        this.clientValidityDays = config.ca_client_validity_days();
        Set<ClientKeyType> types = EnumSet.noneOf(ClientKeyType.class);
        for (String t : config.ca_key_types()) {
            types.add(ClientKeyType.parse(t).orElseThrow(() -> new IamException(ErrorCode.INVALID_ARGUMENT,
                    "tenant " + this.tenantId + ": ca.key.types: unknown key type " + t)));
        }
        this.keyTypes = types;
    }

    String tenantId() {
        return this.tenantId;
    }

    List<String> dnsConstraints() {
        return this.dnsConstraints;
    }

    int clientValidityDays() {
        return this.clientValidityDays;
    }

    Set<ClientKeyType> keyTypes() {
        return this.keyTypes;
    }
}
