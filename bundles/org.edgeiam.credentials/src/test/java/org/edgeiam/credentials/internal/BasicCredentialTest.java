package org.edgeiam.credentials.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.credentials.AuthOutcome;
import org.edgeiam.api.credentials.AuthResult;
import org.edgeiam.api.credentials.Credential;
import org.edgeiam.api.credentials.CredentialKind;
import org.edgeiam.api.credentials.CredentialState;
import org.junit.jupiter.api.Test;

/** Basic credentials: created inactive, activated by the first authentication, precise refusals, tenants apart. */
class BasicCredentialTest extends CredentialTestBase {

    AuthResult auth(String tenant, String username, String password) throws Exception {
        return this.manager.authenticateBasic(tenant, username, password.toCharArray()).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void givenNewCredential_whenFirstAuthenticated_thenActiveWithOneEventAndLastUse() throws Exception {
        givenManager(4, 12, 2, 8);
        Credential c = this.manager.createBasic("acme", "pump-1", "s3cret!".toCharArray(), "pump-1-client");
        assertEquals(CredentialState.INACTIVE, c.state());
        assertEquals(20, c.id().length());
        assertTrue(c.id().matches("[0-9a-v]{20}"), c.id());
        this.clock.set(T0.plusSeconds(30));

        AuthResult first = auth("acme", "pump-1", "s3cret!");
        AuthResult second = auth("acme", "pump-1", "s3cret!");

        assertEquals(new AuthResult(AuthOutcome.OK, "OK", "acme", c.id(), "pump-1-client"), first);
        assertEquals(200, second.statusCode());
        Credential stored = this.manager.get("acme", c.id());
        assertEquals(CredentialState.ACTIVE, stored.state());
        assertEquals(T0.plusSeconds(30), stored.lastUseDate());
        assertEquals(1, this.events.size(), "only the first use changes the state");
        assertEquals(CredentialState.INACTIVE, this.events.get(0).previous());
        assertFalse(this.events.get(0).disables());
    }

    @Test
    void givenCredential_whenWrongPasswordUnknownUserOrTenant_thenPreciseRefusalAndStillInactive() throws Exception {
        givenManager(4, 12, 2, 8);
        Credential c = this.manager.createBasic("acme", "pump-1", "s3cret!".toCharArray(), "pump-1");

        assertEquals(AuthOutcome.WRONG_PASSWORD, auth("acme", "pump-1", "S3cret!").outcome());
        assertEquals(AuthOutcome.UNKNOWN, auth("acme", "pump-2", "s3cret!").outcome());
        assertEquals("unknown tenant", auth("initech", "pump-1", "s3cret!").reasonPhrase());
        assertEquals(AuthOutcome.UNKNOWN, auth("globex", "pump-1", "s3cret!").outcome(), "another tenant");
        AuthResult wrong = auth("acme", "pump-1", "nope");
        assertEquals(401, wrong.statusCode());
        assertNull(wrong.credentialId());

        assertEquals(CredentialState.INACTIVE, this.manager.get("acme", c.id()).state());
        assertTrue(this.events.isEmpty());
    }

    @Test
    void givenSameUsernameInTwoTenants_whenAuthenticated_thenEachOnlyWithItsOwnPassword() throws Exception {
        givenManager(4, 12, 2, 8);
        Credential a = this.manager.createBasic("acme", "gw", "acme-pass".toCharArray(), "gw");
        Credential g = this.manager.createBasic("globex", "gw", "globex-pass".toCharArray(), "gw");

        assertEquals(a.id(), auth("acme", "gw", "acme-pass").credentialId());
        assertEquals(AuthOutcome.WRONG_PASSWORD, auth("acme", "gw", "globex-pass").outcome());
        assertEquals(g.id(), auth("globex", "gw", "globex-pass").credentialId());
        thenFails(ErrorCode.NOT_FOUND, () -> this.manager.get("globex", a.id()));
        thenFails(ErrorCode.NOT_FOUND, () -> this.manager.setState("globex", a.id(), CredentialState.REVOKED, -1));
        assertEquals(CredentialState.ACTIVE, this.manager.get("acme", a.id()).state());
    }

    @Test
    void givenBadInput_whenCreated_thenInvalidArgumentNamingTheFieldAndNothingStored() throws Exception {
        givenManager(4, 12, 2, 8);
        char[] longPassword = "é".repeat(37).toCharArray(); // 74 bytes in UTF-8, 37 characters

        String m1 = thenFails(ErrorCode.INVALID_ARGUMENT,
                () -> this.manager.createBasic("acme", "pump-1", longPassword, "c")).getMessage();
        String m2 = thenFails(ErrorCode.INVALID_ARGUMENT,
                () -> this.manager.createBasic("acme", "pump 1", "p".toCharArray(), "c")).getMessage();
        String m3 = thenFails(ErrorCode.INVALID_ARGUMENT,
                () -> this.manager.createBasic("acme", "pump-1", new char[0], "c")).getMessage();
        String m4 = thenFails(ErrorCode.INVALID_ARGUMENT,
                () -> this.manager.createBasic("acme", "pump-1", "p".toCharArray(), "x".repeat(129))).getMessage();
        thenFails(ErrorCode.NOT_FOUND, () -> this.manager.createBasic("initech", "pump-1", "p".toCharArray(), "c"));
        this.manager.createBasic("acme", "pump-1", "p".toCharArray(), "c");
        String m5 = thenFails(ErrorCode.ALREADY_EXIST,
                () -> this.manager.createBasic("acme", "pump-1", "q".toCharArray(), "c")).getMessage();

        assertTrue(m1.startsWith("password: at most 72 bytes"), m1);
        assertTrue(m2.startsWith("username: "), m2);
        assertTrue(m3.startsWith("password: must not be empty"), m3);
        assertTrue(m4.startsWith("clientId: "), m4);
        assertTrue(m5.contains("username 'pump-1' is taken in tenant acme"), m5);
        assertEquals(1, this.manager.list("acme", CredentialKind.BASIC, Set.of(), 0, 10).total());
        assertEquals(AuthOutcome.BAD_REQUEST, auth("acme", "pump-1", "é".repeat(37)).outcome());
    }

    @Test
    void givenCredentials_whenListedWithBadRange_thenRefusedAndGoodRangesPage() throws Exception {
        givenManager(4, 12, 2, 8);
        for (int i = 0; i < 3; i++) {
            this.clock.set(T0.plusSeconds(i));
            this.manager.createBasic("acme", "u" + i, "p".toCharArray(), "c" + i);
        }

        thenFails(ErrorCode.INVALID_ARGUMENT, () -> this.manager.list("acme", CredentialKind.BASIC, Set.of(), -1, 10));
        thenFails(ErrorCode.INVALID_ARGUMENT, () -> this.manager.list("acme", CredentialKind.BASIC, Set.of(), 0, 0));
        thenFails(ErrorCode.INVALID_ARGUMENT, () -> this.manager.list("acme", CredentialKind.BASIC, Set.of(), 0, 1001));
        var page = this.manager.list("acme", CredentialKind.BASIC, Set.of(CredentialState.INACTIVE), 2, 10);

        assertEquals(3, page.total());
        assertEquals(List.of("u2"), page.items().stream().map(Credential::username).toList());
        assertEquals(0, this.manager.list("globex", CredentialKind.BASIC, Set.of(), 0, 10).total());
    }
}
