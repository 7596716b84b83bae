package org.edgeiam.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Tries after 5 s, then twice as long each time up to the longest pause; a success starts over. */
class RetryScheduleTest {

    @Test
    void givenLastingFailure_whenAskedEverySecond_thenPausesDoubleUpToTheLongest() {
        RetrySchedule schedule = new RetrySchedule(5_000, 30_000);
        List<Long> tries = new ArrayList<>();

        for (long now = 0; now <= 120_000; now += 1_000) {
            if (schedule.due(now)) {
                tries.add(now);
            }
        }

        assertEquals(List.of(5_000L, 15_000L, 35_000L, 65_000L, 95_000L), tries);
    }

    @Test
    void givenReset_whenFailingAgain_thenTheFirstPauseAgain() {
        RetrySchedule schedule = new RetrySchedule(5_000, 300_000);
        schedule.due(0);
        assertTrue(schedule.due(5_000));
        assertEquals(10_000, schedule.untilNextMs(5_000));

        schedule.reset();

        assertFalse(schedule.due(100_000));
        assertEquals(5_000, schedule.untilNextMs(100_000));
        assertTrue(schedule.due(105_000));
    }
}
