package org.edgeiam.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Duration strings as AosEdge writes them. */
class DurationsTest {

    @Test
    void parsesGoDurations() {
        assertEquals(Duration.ofSeconds(120), Durations.parse("120s"));
        assertEquals(Duration.ofMillis(500), Durations.parse(" 500ms "));
        assertEquals(Duration.ofSeconds(90), Durations.parse("1m30s"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofHours(2), Durations.parse("2h"));
        assertEquals(Duration.ofNanos(1_500), Durations.parse("1us500ns"));
        assertEquals(Duration.ZERO, Durations.parse("0s"));
    }

    @Test
    void rejectsOtherText() {
        for (String text : List.of("", "120", "s", "2 minutes", "1m 30s", "-1s", "1d", "1s!", "9999999999999h")) {
            assertThrows(IllegalArgumentException.class, () -> Durations.parse(text), text);
        }
    }
}
