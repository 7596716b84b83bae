package org.edgeiam.nodemanager.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeState;
import org.junit.jupiter.api.Test;

/** Removing nodes and the key pins of secondary nodes, persisted through the storage. */
class NodePinsTest extends NodeManagerTestBase {
    private static final String KEY_A = "a".repeat(64);
    private static final String KEY_B = "b".repeat(64);

    @Test
    void pinsArePersistedNewestFirstAndClearedWithoutTouchingOtherNodes() throws Exception {
        givenStorage();
        givenStarted();
        this.manager.pinKey("sec", KEY_A);
        this.manager.pinKey("sec", KEY_B);
        this.manager.pinKey("other", KEY_A);
        this.manager.deactivate();
        this.storage.close();

        givenStorage();
        whenStarted();

        assertEquals(List.of(KEY_B, KEY_A), this.manager.keyPins("sec"));
        this.manager.clearKeyPins("sec");
        assertEquals(List.of(), this.manager.keyPins("sec"));
        assertEquals(List.of(KEY_A), this.manager.keyPins("other"));
    }

    @Test
    void aMalformedPinOrAMissingStorageIsRefused() throws Exception {
        givenStarted();
        thenFails(ErrorCode.UNAVAILABLE, () -> this.manager.keyPins("sec"), "storage");
        givenStorage();
        whenStarted();
        thenFails(ErrorCode.INVALID_ARGUMENT, () -> this.manager.pinKey("sec", "A".repeat(64)), "64 lower-case hex");
    }

    @Test
    void aRemovedNodeIsForgottenWithItsRowAndPinsButTheMainNodeStays() throws Exception {
        givenStorage();
        givenStarted();
        NodeInfo main = node("main", NodeState.PROVISIONED).toBuilder()
                .attrs(java.util.Map.of(NodeInfo.MAIN_NODE_ATTRIBUTE, "")).build();
        this.manager.bindCurrentNode(new FakeCurrentNode(main));
        this.manager.setNodeInfo(node("gone", NodeState.PROVISIONED), true);
        this.manager.setNodeInfo(node("new", NodeState.UNPROVISIONED), true);
        this.manager.pinKey("gone", KEY_A);

        this.manager.remove("gone");
        this.manager.remove("new");

        assertEquals(List.of("main"), this.manager.nodeIds());
        assertEquals(List.of("main"), this.storage.getAllNodeIds());
        assertEquals(List.of(), this.manager.keyPins("gone"));
        thenFails(ErrorCode.NOT_FOUND, () -> this.manager.remove("gone"), "gone");
        thenFails(ErrorCode.WRONG_STATE, () -> this.manager.remove("main"), "main node");
    }

    @Test
    void onlyAnUnprovisionedNodeIsEvictedAndItsPinsStay() throws Exception {
        givenStorage();
        givenStarted();
        this.manager.setNodeInfo(node("provisioning", NodeState.UNPROVISIONED), true);
        this.manager.setNodeInfo(node("provisioned", NodeState.PROVISIONED), true);
        this.manager.pinKey("provisioning", KEY_A);

        assertEquals(true, this.manager.evictUnprovisioned("provisioning"));
        assertEquals(false, this.manager.evictUnprovisioned("provisioned"));
        assertEquals(false, this.manager.evictUnprovisioned("unknown"));

        assertEquals(List.of("provisioned"), this.manager.nodeIds());
        assertEquals(List.of(KEY_A), this.manager.keyPins("provisioning"), "its applied key still binds it");
    }
}
