package org.edgeiam.storage.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.credentials.CertificateBinding;
import org.edgeiam.api.credentials.Credential;
import org.edgeiam.api.credentials.CredentialKind;
import org.edgeiam.api.credentials.CredentialState;
import org.edgeiam.spi.credentials.StoredCredential;
import org.junit.jupiter.api.Test;

/** The {@code credentials} table: tenants apart, unique usernames and certificates, versioned updates. */
class CredentialStorageTest extends StorageTestBase {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00.123456Z");

    static StoredCredential basic(String id, String tenant, String username, Instant created) {
        return new StoredCredential(new Credential(id, tenant, CredentialKind.BASIC, "client-" + username, username,
                null, CredentialState.INACTIVE, created, created, null, 0), "$2y$10$hash-of-" + username);
    }

    static StoredCredential x509(String id, String tenant, String serial) {
        CertificateBinding b = new CertificateBinding("CN=Tenant CA " + tenant + ",O=EdgeIAM", serial, "ab" + serial,
                T0, T0.plusSeconds(86_400));
        return new StoredCredential(new Credential(id, tenant, CredentialKind.X509, "device-" + serial, null, b,
                CredentialState.INACTIVE, T0, T0, null, 0), null);
    }

    @Test
    void givenCredentials_whenReopened_thenEachIsFoundByItsKeysAndOnlyInItsTenant() throws Exception {
        givenOpenStorage();
        StoredCredential a = basic("aaaaaaaaaaaaaaaaaaaa", "acme", "pump-1", T0);
        StoredCredential b = x509("bbbbbbbbbbbbbbbbbbbb", "acme", "1234567890123");
        this.storage.insert(a);
        this.storage.insert(b);

        whenReopened();

        assertEquals(Optional.of(a).map(StoredCredential::credential),
                this.storage.byId("acme", a.credential().id()).map(StoredCredential::credential));
        assertEquals(a.passwordHash(), this.storage.byUsername("acme", "pump-1").orElseThrow().passwordHash());
        assertEquals(b.credential(), this.storage.byCertificate(b.credential().certificate().issuer(),
                "1234567890123").orElseThrow().credential());
        assertEquals(b.credential(), this.storage.bySha256("ab1234567890123").orElseThrow().credential());
        assertTrue(this.storage.byId("globex", a.credential().id()).isEmpty(), "another tenant's ID");
        assertTrue(this.storage.byUsername("globex", "pump-1").isEmpty(), "another tenant's username");
        assertEquals(2L, this.storage.status().rowCounts().get("credentials"));
    }

    @Test
    void givenTakenUsernameOrCertificate_whenInserted_thenAlreadyExistNamingItAndNothingAdded() throws Exception {
        givenOpenStorage();
        this.storage.insert(basic("aaaaaaaaaaaaaaaaaaaa", "acme", "pump-1", T0));
        this.storage.insert(x509("bbbbbbbbbbbbbbbbbbbb", "acme", "77"));

        String m1 = thenFails(ErrorCode.ALREADY_EXIST,
                () -> this.storage.insert(basic("cccccccccccccccccccc", "acme", "pump-1", T0))).getMessage();
        String m2 = thenFails(ErrorCode.ALREADY_EXIST,
                () -> this.storage.insert(x509("dddddddddddddddddddd", "acme", "77"))).getMessage();
        this.storage.insert(basic("eeeeeeeeeeeeeeeeeeee", "globex", "pump-1", T0));

        assertTrue(m1.contains("username 'pump-1' is taken in tenant acme"), m1);
        assertTrue(m2.contains("serial number 77"), m2);
        assertFalse(m1.contains("$2y$"), "no hash in messages");
        assertEquals(3L, this.storage.status().rowCounts().get("credentials"));
    }

    @Test
    void givenStoredVersion_whenUpdatedWithAStaleVersion_thenRefusedAndUnchanged() throws Exception {
        givenOpenStorage();
        StoredCredential a = basic("aaaaaaaaaaaaaaaaaaaa", "acme", "pump-1", T0);
        this.storage.insert(a);
        Credential active = a.credential().withState(CredentialState.ACTIVE, T0.plusSeconds(5))
                .withLastUse(T0.plusSeconds(5));

        assertTrue(this.storage.update(active, 0));
        assertFalse(this.storage.update(active.withState(CredentialState.REVOKED, T0.plusSeconds(9)), 0), "stale");
        assertFalse(this.storage.update(new Credential(active.id(), "globex", active.kind(), active.clientId(),
                active.username(), null, CredentialState.REVOKED, T0, T0, null, 3), 2), "another tenant");

        Credential stored = this.storage.byId("acme", a.credential().id()).orElseThrow().credential();
        assertEquals(active, stored);
        assertEquals(2, stored.version());
        assertEquals(T0.plusSeconds(5), stored.lastUseDate());
    }

    @Test
    void givenCredentialsOfSeveralStates_whenListed_thenFilteredPagedInCreationOrderAndCounted() throws Exception {
        givenOpenStorage();
        for (int i = 0; i < 5; i++) {
            this.storage.insert(basic("id-" + i + "-aaaaaaaaaaaaaaa", "acme", "u" + i, T0.plusSeconds(10 - i)));
        }
        this.storage.insert(basic("other-tenant-aaaaaaa", "globex", "u9", T0));
        this.storage.insert(x509("x509-aaaaaaaaaaaaaaa", "acme", "5"));
        Credential c = this.storage.byUsername("acme", "u2").orElseThrow().credential();
        this.storage.update(c.withState(CredentialState.REVOKED, T0), 0);

        List<Credential> page = this.storage.list("acme", CredentialKind.BASIC, Set.of(), 1, 2);
        assertEquals(List.of("u3", "u2"), page.stream().map(Credential::username).toList());
        assertEquals(5, this.storage.count("acme", CredentialKind.BASIC, Set.of()));
        assertEquals(List.of("u2"), this.storage.list("acme", CredentialKind.BASIC, Set.of(CredentialState.REVOKED),
                0, 10).stream().map(Credential::username).toList());
        assertEquals(4, this.storage.count("acme", CredentialKind.BASIC,
                Set.of(CredentialState.INACTIVE, CredentialState.ACTIVE)));
        assertEquals(Map.of("acme", Map.of(CredentialKind.BASIC, Map.of(CredentialState.INACTIVE, 4,
                CredentialState.REVOKED, 1), CredentialKind.X509, Map.of(CredentialState.INACTIVE, 1)),
                "globex", Map.of(CredentialKind.BASIC, Map.of(CredentialState.INACTIVE, 1))), this.storage.census());
    }
}
