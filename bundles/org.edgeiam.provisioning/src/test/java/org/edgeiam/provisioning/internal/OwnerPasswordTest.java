package org.edgeiam.provisioning.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.node.NodeState;
import org.junit.jupiter.api.Test;

/**
 * The owner password guards StartProvisioning, FinishProvisioning and Deprovision: it is checked
 * against every store with an owner before any hook runs and before anything changes.
 */
class OwnerPasswordTest extends ProvisionTestBase {

    @Test
    void givenOwnedStore_whenStartWithWrongPassword_thenRefusedBeforeHookAndClear() throws Exception {
        handler.add("iam", OWNER, "iam-cert");
        handler.add("online", null);

        thenWrongPassword("iam", () -> manager.startProvisioning(WRONG));

        assertEquals(List.of(), hooksRun());
        assertEquals(List.of(), handler.changes);
        assertEquals(List.of("iam-cert"), handler.stores.get("iam").certs);
        assertEquals(null, handler.stores.get("online").owner);
        assertEquals(NodeState.UNPROVISIONED, node.state);
    }

    @Test
    void givenOwnedStore_whenStartWithItsPassword_thenEveryStoreOwnedAndHooksRun() throws Exception {
        handler.add("iam", OWNER, "iam-cert");
        handler.add("online", null);

        manager.startProvisioning(OWNER);

        assertEquals(List.of("start", "disk-encryption"), hooksRun());
        assertEquals(List.of(), handler.stores.get("iam").certs);
        assertEquals(OWNER, handler.stores.get("online").owner);
    }

    @Test
    void givenNoOwnedStore_whenStart_thenTheFirstPasswordOwnsThem() throws Exception {
        handler.add("iam", null);
        handler.add("online", null);

        manager.startProvisioning(OWNER);

        assertEquals(OWNER, handler.stores.get("iam").owner);
        assertEquals(OWNER, handler.stores.get("online").owner);
    }

    @Test
    void givenStarted_whenFinishWithWrongPassword_thenRefusedBeforeHookAndStaysUnprovisioned() throws Exception {
        handler.add("iam", OWNER, "iam-cert");

        thenWrongPassword("iam", () -> manager.finishProvisioning(WRONG));

        assertEquals(List.of(), hooksRun());
        assertEquals(NodeState.UNPROVISIONED, node.state);
    }

    @Test
    void givenStarted_whenFinishWithThePassword_thenProvisioned() throws Exception {
        handler.add("iam", OWNER, "iam-cert");

        manager.finishProvisioning(OWNER);

        assertEquals(List.of("finish"), hooksRun());
        assertEquals(NodeState.PROVISIONED, node.state);
    }

    @Test
    void givenNoStoreOwned_whenFinish_thenWrongStateStartFirst() throws Exception {
        handler.add("iam", null);

        var e = thenFails(ErrorCode.WRONG_STATE, () -> manager.finishProvisioning(OWNER));

        assertTrue(e.getMessage().endsWith("start provisioning first"), e.getMessage());
        assertEquals(List.of(), hooksRun());
        assertEquals(NodeState.UNPROVISIONED, node.state);
    }

    @Test
    void givenProvisioned_whenDeprovisionWithWrongPassword_thenNothingWipedAndStaysProvisioned() throws Exception {
        node.state = NodeState.PROVISIONED;
        handler.add("iam", OWNER, "iam-cert");
        handler.add("online", OWNER, "online-cert");

        thenWrongPassword("iam", () -> manager.deprovision(WRONG));

        assertEquals(List.of(), hooksRun());
        assertEquals(List.of(), handler.changes);
        assertEquals(List.of("iam-cert"), handler.stores.get("iam").certs);
        assertEquals(List.of("online-cert"), handler.stores.get("online").certs);
        assertEquals(NodeState.PROVISIONED, node.state);
    }

    @Test
    void givenProvisioned_whenDeprovisionWithThePassword_thenWipedAndUnprovisioned() throws Exception {
        node.state = NodeState.PAUSED;
        handler.add("iam", OWNER, "iam-cert");
        handler.add("online", OWNER, "online-cert");

        manager.deprovision(OWNER);

        assertEquals(List.of("deprovision"), hooksRun());
        assertEquals(List.of("clear iam", "clear online"), handler.changes);
        assertEquals(NodeState.UNPROVISIONED, node.state);
    }

    @Test
    void givenNoStoreWithAnOwner_whenDeprovision_thenWrongStateAndNothingWiped() throws Exception {
        node.state = NodeState.PROVISIONED;
        handler.add("iam", null, "iam-cert");

        thenFails(ErrorCode.WRONG_STATE, () -> manager.deprovision(WRONG));

        assertEquals(List.of(), hooksRun());
        assertEquals(List.of("iam-cert"), handler.stores.get("iam").certs);
        assertEquals(NodeState.PROVISIONED, node.state);
    }

    @Test
    void givenHandlerThatCannotCheck_whenDeprovision_thenNotSupportedAndNothingWiped() throws Exception {
        node.state = NodeState.PROVISIONED;
        handler.add("iam", OWNER, "iam-cert");
        handler.canCheck = false;

        thenFails(ErrorCode.NOT_SUPPORTED, () -> manager.deprovision(OWNER));

        assertEquals(List.of(), hooksRun());
        assertEquals(List.of("iam-cert"), handler.stores.get("iam").certs);
        assertEquals(NodeState.PROVISIONED, node.state);
    }

    @Test
    void givenNoCertTypes_whenFinish_thenProvisionedAsBefore() throws Exception {
        manager.finishProvisioning("any");

        assertEquals(NodeState.PROVISIONED, node.state);
    }

    @Test
    void givenThreeWrongPasswordsInARow_whenTriedAgain_thenPausedWithoutAskingTheStore_andTheRightOneLater()
            throws Exception {
        handler.add("iam", OWNER, "iam-cert");
        for (int i = 0; i < ProvisionManagerImpl.FREE_TRIES + 1; i++) {
            thenWrongPassword("iam", () -> manager.finishProvisioning(WRONG));
        }

        org.edgeiam.api.IamException paused = org.junit.jupiter.api.Assertions.assertThrows(
                org.edgeiam.api.IamException.class, () -> manager.finishProvisioning(OWNER));

        assertEquals(ErrorCode.UNAVAILABLE, paused.code());
        assertTrue(paused.getMessage().contains("paused for 1 s after 3 wrong passwords"), paused.getMessage());
        assertEquals(NodeState.UNPROVISIONED, node.state);
        Thread.sleep(1_100);
        manager.finishProvisioning(OWNER);
        assertEquals(NodeState.PROVISIONED, node.state);
    }
}
