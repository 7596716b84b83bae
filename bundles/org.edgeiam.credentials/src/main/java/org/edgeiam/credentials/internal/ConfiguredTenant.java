package org.edgeiam.credentials.internal;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.credentials.Tenant;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One configured tenant ({@code org.edgeiam.tenant~<id>}), collected by {@link TenantRegistry}.
 * A configuration with a malformed ID fails this component, logged with the field.
 */
@Designate(ocd = ConfiguredTenant.Config.class, factory = true)
@Component(service = ConfiguredTenant.class, configurationPid = ConfiguredTenant.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class ConfiguredTenant {
    /** Factory PID: one configuration per tenant. */
    public static final String FACTORY_PID = "org.edgeiam.tenant";

    /** A tenant's settings. */
    @ObjectClassDefinition(id = FACTORY_PID, name = "EdgeIAM tenant",
            description = "A tenant: its credentials, CA and settings are kept apart from every other tenant's.")
    public @interface Config {
        /** @return the tenant ID */
        @AttributeDefinition(name = "ID", description = "Tenant ID: [a-z0-9][a-z0-9-]{0,62}.")
        String id();

        /** @return display name */
        @AttributeDefinition(name = "Name", description = "Display name.")
        String name() default "";

        /** @return OAuth 2.0 issuer */
        @AttributeDefinition(name = "Token issuer",
                description = "OAuth 2.0 issuer ('iss') of the tenant's management tokens; empty for none.")
        String issuer() default "";

        /** @return JWKS URL */
        @AttributeDefinition(name = "JWKS URL", description = "Where the issuer publishes its signing keys.")
        String jwks_url() default "";
    }

    private final Tenant tenant;

    /**
     * @param config the tenant's configuration
     * @throws IamException {@code INVALID_ARGUMENT} naming {@code id} if it is malformed
     */
    @Activate
    public ConfiguredTenant(Config config) throws IamException {
        if (!Names.isTenantId(config.id())) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    "tenant configuration: id must match [a-z0-9][a-z0-9-]{0,62}");
        }
        String name = config.name().isBlank() ? config.id() : config.name();
        this.tenant = new Tenant(config.id(), name, config.issuer(), config.jwks_url());
    }

    /** @return the tenant */
    Tenant tenant() {
        return this.tenant;
    }
}
