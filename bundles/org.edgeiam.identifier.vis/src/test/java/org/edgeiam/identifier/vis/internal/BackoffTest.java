package org.edgeiam.identifier.vis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The reconnect back-off. */
class BackoffTest {

    @Test
    void backoffDoublesUpToTwoSecondsAndResets() {
        Backoff backoff = new Backoff();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            delays.add(backoff.next());
        }
        assertEquals(List.of(200L, 400L, 800L, 1600L, 2000L, 2000L), delays);
        backoff.reset();
        assertEquals(200L, backoff.next());
    }
}
