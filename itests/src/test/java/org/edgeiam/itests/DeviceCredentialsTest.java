package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.credentials.AuthOutcome;
import org.edgeiam.api.credentials.AuthResult;
import org.edgeiam.api.credentials.Authenticator;
import org.edgeiam.api.credentials.Credential;
import org.edgeiam.api.credentials.CredentialEvent;
import org.edgeiam.api.credentials.CredentialListener;
import org.edgeiam.api.credentials.CredentialService;
import org.edgeiam.api.credentials.CredentialState;
import org.edgeiam.api.credentials.Tenant;
import org.edgeiam.api.credentials.Tenants;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

/**
 * Device credentials in the runtime: tenants from the configuration file, credentials kept in
 * the real SQLite file across a restart of the storage bundle, events to whiteboard listeners,
 * and the Gogo commands an operator diagnoses with.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeviceCredentialsTest extends EdgeIamTestSupport {

    @Configuration
    public Option[] config() {
        return runtime("credentials");
    }

    private AuthResult auth(String tenant, String username, String password) throws Exception {
        return await(Authenticator.class).authenticateBasic(tenant, username, password.toCharArray())
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    public void tenantsOfTheConfigurationFileAreConfigured() throws Exception {
        List<Tenant> tenants = await(Tenants.class).all();

        assertEquals(List.of("acme", "globex"), tenants.stream().map(Tenant::id).toList());
        assertEquals("ACME devices", tenants.get(0).name());
        String listed = shell("iam:tenants");
        assertTrue(listed, listed.contains("acme") && listed.contains("ACME devices") && listed.contains("globex"));
    }

    @Test
    public void aCredentialIsActivatedSuspendedAndKeptAcrossAStorageRestartWithEventsToListeners() throws Exception {
        BlockingQueue<CredentialEvent> events = new LinkedBlockingQueue<>();
        ServiceRegistration<CredentialListener> reg = context.registerService(CredentialListener.class, events::add, null);
        try {
            CredentialService creds = await(CredentialService.class);
            Credential c = creds.createBasic("acme", "meter-7", "meter-7-secret".toCharArray(), "meter-7");

            assertEquals(AuthOutcome.OK, auth("acme", "meter-7", "meter-7-secret").outcome());
            assertEquals(CredentialState.ACTIVE, events.poll(20, TimeUnit.SECONDS).credential().state());
            String listed = shell("iam:creds acme basic");
            assertTrue(listed, listed.contains(c.id()) && listed.contains("meter-7") && listed.contains("Active"));
            String moved = shell("iam:credstate acme " + c.id() + " Suspended");
            assertTrue(moved, moved.contains("is suspended now"));
            CredentialEvent suspended = events.poll(20, TimeUnit.SECONDS);
            assertTrue(suspended.disables());

            Bundle storage = installedBundle("org.edgeiam.storage.sqlite");
            storage.stop();
            storage.start();

            assertEquals(CredentialState.SUSPENDED, await(CredentialService.class).get("acme", c.id()).state());
            assertEquals(AuthOutcome.SUSPENDED, auth("acme", "meter-7", "meter-7-secret").outcome());
            assertEquals(AuthOutcome.UNKNOWN, auth("globex", "meter-7", "meter-7-secret").outcome());
        } finally {
            reg.unregister();
        }
    }
}
