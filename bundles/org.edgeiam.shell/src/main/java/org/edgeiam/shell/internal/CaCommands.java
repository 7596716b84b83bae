package org.edgeiam.shell.internal;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.edgeiam.api.IamException;
import org.edgeiam.api.ca.CertificateAuthority;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo commands for the device CA: {@code iam:ca} (a tenant's trust chain) and {@code iam:carenew}.
 * The CA is optional: when it is missing the command says so.
 */
@Component(service = CaCommands.class, property = {"osgi.command.scope=iam", "osgi.command.function=ca",
        "osgi.command.function=carenew"})
public class CaCommands {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CertificateAuthority ca;

    /**
     * @param tenantId a tenant
     * @return its trust chain, one certificate per line
     * @throws IamException NOT_FOUND for an unknown tenant, UNAVAILABLE without a platform CA
     */
    @Descriptor("shows a tenant's trust chain: its CA certificates (several while a renewal overlaps), then the platform CA chain")
    public String ca(@Descriptor("tenant ID") String tenantId) throws IamException {
        CertificateAuthority a = this.ca;
        if (a == null) {
            return "the device CA is not available (is org.edgeiam.ca active, with tenants configured?)\n";
        }
        return format(a.trustChain(tenantId));
    }

    /**
     * @param tenantId a tenant
     * @return the new tenant CA certificate
     * @throws IamException NOT_FOUND for an unknown tenant
     */
    @Descriptor("renews a tenant's CA: a new key and certificate for new devices; the old one stays trusted until it expires")
    public String carenew(@Descriptor("tenant ID") String tenantId) throws IamException {
        CertificateAuthority a = this.ca;
        if (a == null) {
            return "the device CA is not available (is org.edgeiam.ca active, with tenants configured?)\n";
        }
        return "renewed:\n" + format(List.of(a.renewTenantCa(tenantId)));
    }

    private static String format(List<X509Certificate> chain) {
        StringBuilder out = new StringBuilder();
        Instant now = Instant.now();
        for (X509Certificate c : chain) {
            out.append(String.format("%s%n    serial %s, until %s (%d days left), issuer %s%n",
                    c.getSubjectX500Principal().getName(), c.getSerialNumber().toString(16),
                    c.getNotAfter().toInstant(), Duration.between(now, c.getNotAfter().toInstant()).toDays(),
                    c.getIssuerX500Principal().getName()));
        }
        return out.toString();
    }
}
