package org.edgeiam.shell.internal;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.apache.felix.service.command.Descriptor;
import org.edgeiam.api.IamException;
import org.edgeiam.api.credentials.Credential;
import org.edgeiam.api.credentials.CredentialKind;
import org.edgeiam.api.credentials.CredentialPage;
import org.edgeiam.api.credentials.CredentialService;
import org.edgeiam.api.credentials.CredentialState;
import org.edgeiam.api.credentials.Tenant;
import org.edgeiam.api.credentials.Tenants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo commands for device credentials: {@code iam:tenants}, {@code iam:creds} and
 * {@code iam:credstate}. The services are optional: a missing one is named instead of failing.
 */
@Component(service = CredentialCommands.class, property = {"osgi.command.scope=iam",
        "osgi.command.function=tenants", "osgi.command.function=creds", "osgi.command.function=credstate"})
public class CredentialCommands {
    private static final int PAGE = 100;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Tenants tenants;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CredentialService credentials;

    /** @return the configured tenants */
    @Descriptor("lists the configured tenants: ID, name, token issuer")
    public String tenants() {
        Tenants t = this.tenants;
        if (t == null) {
            return "tenants are not available (is org.edgeiam.credentials active?)\n";
        }
        StringBuilder out = new StringBuilder(String.format("%-20s %-30s %s%n", "ID", "NAME", "ISSUER"));
        for (Tenant tenant : t.all()) {
            out.append(String.format("%-20s %-30s %s%n", tenant.id(), tenant.name(),
                    tenant.issuer().isEmpty() ? "-" : tenant.issuer()));
        }
        return out.toString();
    }

    /**
     * @param tenantId a tenant
     * @param kind basic or x509
     * @return the tenant's credentials of that kind (the first 100)
     * @throws IamException NOT_FOUND for an unknown tenant
     */
    @Descriptor("lists a tenant's credentials of one kind (the first 100): ID, client, username or serial, state, last use")
    public String creds(@Descriptor("tenant ID") String tenantId, @Descriptor("basic or x509") String kind)
            throws IamException {
        CredentialService s = this.credentials;
        if (s == null) {
            return "device credentials are not available (is org.edgeiam.credentials active with its storage?)\n";
        }
        CredentialKind k = "x509".equalsIgnoreCase(kind) ? CredentialKind.X509 : CredentialKind.BASIC;
        if (!"basic".equalsIgnoreCase(kind) && k == CredentialKind.BASIC) {
            return "kind must be basic or x509\n";
        }
        CredentialPage page = s.list(tenantId, k, Set.of(), 0, PAGE);
        StringBuilder out = new StringBuilder(String.format("%-20s %-24s %-24s %-9s %s%n", "ID", "CLIENT",
                k == CredentialKind.BASIC ? "USERNAME" : "SERIAL", "STATE", "LAST USE"));
        for (Credential c : page.items()) {
            out.append(String.format("%-20s %-24s %-24s %-9s %s%n", c.id(), c.clientId(),
                    k == CredentialKind.BASIC ? c.username() : c.certificate().serialNumber(),
                    c.state().displayName(), c.lastUseDate() == null ? "never" : c.lastUseDate()));
        }
        out.append(page.total()).append(" in all\n");
        return out.toString();
    }

    /**
     * @param tenantId a tenant
     * @param id a credential
     * @param state Active, Suspended or Revoked
     * @return the credential's new state
     * @throws IamException NOT_FOUND, or WRONG_STATE for a move the state machine forbids
     */
    @Descriptor("moves a credential to another state (Active, Suspended, Revoked) as the state machine allows")
    public String credstate(@Descriptor("tenant ID") String tenantId, @Descriptor("credential ID") String id,
            @Descriptor("Active, Suspended or Revoked") String state) throws IamException {
        CredentialService s = this.credentials;
        if (s == null) {
            return "device credentials are not available (is org.edgeiam.credentials active with its storage?)\n";
        }
        CredentialState target = CredentialState.parse(state).orElse(null);
        if (target == null) {
            return "state must be one of " + EnumSet.allOf(CredentialState.class).stream()
                    .map(CredentialState::displayName).toList() + "\n";
        }
        Credential c = s.setState(tenantId, id, target, -1);
        return "credential " + c.id() + " is " + c.state().displayName().toLowerCase(Locale.ROOT) + " now\n";
    }
}
