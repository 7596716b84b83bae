package org.edgeiam.storage.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The {@code nodekeypins} table: newest first, bounded per node, kept across reopening, removable. */
class PinStorageTest extends StorageTestBase {

    @Test
    void givenPins_whenMoreThanKept_thenOldestDroppedNewestFirstAfterReopen() throws Exception {
        givenOpenStorage();
        this.storage.addNodeKeyPin("sec", "aa", 2);
        this.storage.addNodeKeyPin("sec", "bb", 2);
        this.storage.addNodeKeyPin("other", "aa", 2);
        this.storage.addNodeKeyPin("sec", "cc", 2);

        whenReopened();

        assertEquals(List.of("cc", "bb"), this.storage.getNodeKeyPins("sec"));
        assertEquals(List.of("aa"), this.storage.getNodeKeyPins("other"));
        assertEquals(3L, this.storage.status().rowCounts().get("nodekeypins"));
    }

    @Test
    void givenPin_whenAddedAgain_thenItIsTheNewest_andRemoveClearsOnlyThatNode() throws Exception {
        givenOpenStorage();
        this.storage.addNodeKeyPin("sec", "aa", 4);
        this.storage.addNodeKeyPin("sec", "bb", 4);
        this.storage.addNodeKeyPin("sec", "aa", 4);
        this.storage.addNodeKeyPin("other", "dd", 4);

        assertEquals(List.of("aa", "bb"), this.storage.getNodeKeyPins("sec"));
        this.storage.removeNodeKeyPins("sec");
        this.storage.removeNodeKeyPins("never-pinned");

        assertEquals(List.of(), this.storage.getNodeKeyPins("sec"));
        assertEquals(List.of("dd"), this.storage.getNodeKeyPins("other"));
    }
}
