package org.edgeiam.ca.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.ca.CertificateAuthority;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.credentials.CredentialService;
import org.edgeiam.api.credentials.Tenants;
import org.edgeiam.spi.keystore.KeyStorage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CertificateAuthority} service: the platform CA is a cert type of the cert handler
 * (its key stays in that type's store: a token's key is only ever used through its handle), the
 * tenant CAs live in the key storage selected by {@code keyStorage.target}.
 */
@Designate(ocd = DeviceCa.Config.class)
@Component(service = CertificateAuthority.class, configurationPid = DeviceCa.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class DeviceCa extends CertificateAuthorityImpl {
    /** Configuration PID. */
    public static final String PID = "org.edgeiam.ca";

    private static final Logger LOG = LoggerFactory.getLogger(DeviceCa.class);

    /** Settings of the device CA. */
    @ObjectClassDefinition(id = PID, name = "EdgeIAM device CA",
            description = "Platform CA cert type, tenant CA key storage and certificate lifetimes.")
    public @interface Config {
        /** @return the platform CA's cert type */
        @AttributeDefinition(description = "Cert type (cert module) holding the platform CA's key and chain.")
        String platform_cert_type() default "platformca";

        /** @return where tenant CA stores live */
        @AttributeDefinition(description = "Folder of the tenant CA stores (software key storage): one sub-folder per tenant.")
        String store_path();

        /** @return key storage filter */
        @AttributeDefinition(description = "The key storage of the tenant CAs.")
        String keyStorage_target() default "(edgeiam.keystore.plugin=softmodule)";

        /** @return tenant CA validity */
        @AttributeDefinition(description = "Validity of a tenant CA certificate in days (never beyond the platform CA's).")
        int tenant_ca_validity_days() default 1825;

        /** @return client validity */
        @AttributeDefinition(description = "Default validity of client certificates in days (never beyond their CA's).")
        int client_validity_days() default 365;

        /** @return CRL validity */
        @AttributeDefinition(description = "Hours until a CRL's nextUpdate.")
        int crl_validity_hours() default 24;
    }

    /**
     * @param config settings
     * @param certHandler holds the platform CA
     * @param storage key storage of the tenant CAs
     * @param tenants the configured tenants
     * @param credentials the credentials (for the CRLs)
     * @throws IamException {@code INVALID_ARGUMENT} naming a setting out of range
     */
    @Activate
    public DeviceCa(Config config, @Reference CertHandler certHandler, @Reference(name = "keyStorage") KeyStorage storage,
            @Reference Tenants tenants, @Reference CredentialService credentials) throws IamException {
        super(() -> certHandler.currentTlsKey(config.platform_cert_type()), storage, tenants, credentials,
                settings(config), Clock.systemUTC());
        LOG.info("device CA ready: platform CA cert type {}, tenant CAs in {} ({})", config.platform_cert_type(),
                config.store_path(), config.keyStorage_target());
    }

    private static Settings settings(Config c) throws IamException {
        if (c.tenant_ca_validity_days() < 1 || c.client_validity_days() < 1 || c.crl_validity_hours() < 1
                || c.tenant_ca_validity_days() > 36_500 || c.client_validity_days() > 36_500
                || c.crl_validity_hours() > 24 * 366) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "device CA: tenant.ca.validity.days and "
                    + "client.validity.days must be 1–36500, crl.validity.hours 1–8784");
        }
        if (c.store_path() == null || c.store_path().isBlank()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "device CA: store.path is required");
        }
        return new Settings(Path.of(c.store_path()), c.keyStorage_target().contains("softmodule"),
                Duration.ofDays(c.tenant_ca_validity_days()), Duration.ofDays(c.client_validity_days()),
                Duration.ofHours(c.crl_validity_hours()));
    }

    @Override
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProfile(TenantCaSettings p) {
        super.addProfile(p);
    }

    @Override
    void removeProfile(TenantCaSettings p) {
        super.removeProfile(p);
    }
}
