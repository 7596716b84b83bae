package org.edgeiam.credentials.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.credentials.AuthOutcome;
import org.edgeiam.api.credentials.CredentialEvent;
import org.edgeiam.api.credentials.Credential;
import org.edgeiam.api.credentials.CredentialState;
import org.junit.jupiter.api.Test;

/** One state machine: allowed moves with their events, refused moves that change nothing, stale versions. */
class StateMachineTest extends CredentialTestBase {

    AuthOutcome auth(String password) throws Exception {
        return this.manager.authenticateBasic("acme", "pump-1", password.toCharArray()).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).outcome();
    }

    @Test
    void givenActiveCredential_whenSuspendedResumedAndRevoked_thenAuthenticationFollowsWithEvents() throws Exception {
        givenManager(4, 12, 2, 8);
        Credential c = this.manager.createBasic("acme", "pump-1", "pw".toCharArray(), "pump-1");
        assertEquals(AuthOutcome.OK, auth("pw"));

        Credential suspended = this.manager.setState("acme", c.id(), CredentialState.SUSPENDED, -1);
        AuthOutcome whileSuspended = auth("pw");
        AuthOutcome wrongWhileSuspended = auth("wrong");
        this.manager.setState("acme", c.id(), CredentialState.ACTIVE, suspended.version());
        AuthOutcome resumed = auth("pw");
        this.manager.setState("acme", c.id(), CredentialState.REVOKED, -1);

        assertEquals(AuthOutcome.SUSPENDED, whileSuspended);
        assertEquals(AuthOutcome.WRONG_PASSWORD, wrongWhileSuspended, "the state is told only to the secret's holder");
        assertEquals(AuthOutcome.OK, resumed);
        assertEquals(AuthOutcome.REVOKED, auth("pw"));
        assertEquals(List.of("INACTIVE>ACTIVE", "ACTIVE>SUSPENDED", "SUSPENDED>ACTIVE", "ACTIVE>REVOKED"),
                this.events.stream().map(e -> e.previous() + ">" + e.credential().state()).toList());
        assertEquals(List.of(false, true, false, true), this.events.stream().map(CredentialEvent::disables).toList());
    }

    @Test
    void givenEachState_whenAMoveTheMachineForbids_thenWrongStateNamingBothAndNothingChanges() throws Exception {
        givenManager(4, 12, 2, 8);
        Credential c = this.manager.createBasic("acme", "pump-1", "pw".toCharArray(), "pump-1");

        String m1 = thenFails(ErrorCode.WRONG_STATE,
                () -> this.manager.setState("acme", c.id(), CredentialState.ACTIVE, -1)).getMessage();
        thenFails(ErrorCode.WRONG_STATE, () -> this.manager.setState("acme", c.id(), CredentialState.SUSPENDED, -1));
        thenFails(ErrorCode.WRONG_STATE, () -> this.manager.setState("acme", c.id(), CredentialState.INACTIVE, -1));
        this.manager.setState("acme", c.id(), CredentialState.REVOKED, -1);
        for (CredentialState target : CredentialState.values()) {
            String m = thenFails(ErrorCode.WRONG_STATE,
                    () -> this.manager.setState("acme", c.id(), target, -1)).getMessage();
            assertTrue(m.contains("from Revoked to " + target.displayName()), m);
        }

        assertTrue(m1.contains("cannot go from Inactive to Active (it becomes Active by its first successful"), m1);
        assertEquals(CredentialState.REVOKED, this.manager.get("acme", c.id()).state());
        assertEquals(1, this.events.size());
        assertEquals(AuthOutcome.REVOKED, auth("pw"), "revoked before first use: never activated");
    }

    @Test
    void givenStaleVersion_whenStateSet_thenRefusedAndUnchanged() throws Exception {
        givenManager(4, 12, 2, 8);
        Credential c = this.manager.createBasic("acme", "pump-1", "pw".toCharArray(), "pump-1");
        auth("pw"); // version 1: activated

        String m = thenFails(ErrorCode.ALREADY_EXIST,
                () -> this.manager.setState("acme", c.id(), CredentialState.SUSPENDED, c.version())).getMessage();

        assertTrue(m.contains("changed meanwhile: version 1, expected 0"), m);
        assertEquals(CredentialState.ACTIVE, this.manager.get("acme", c.id()).state());
    }

    @Test
    void givenListenerThatThrows_whenStateChanges_thenOtherListenersAreStillTold() throws Exception {
        givenManager(4, 12, 2, 8);
        this.manager.addListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        List<CredentialEvent> second = new java.util.ArrayList<>();
        this.manager.addListener(second::add);
        Credential c = this.manager.createBasic("acme", "pump-1", "pw".toCharArray(), "pump-1");

        this.manager.setState("acme", c.id(), CredentialState.REVOKED, -1);

        assertEquals(1, this.events.size());
        assertEquals(1, second.size());
        assertEquals(CredentialState.REVOKED, this.manager.get("acme", c.id()).state());
    }
}
