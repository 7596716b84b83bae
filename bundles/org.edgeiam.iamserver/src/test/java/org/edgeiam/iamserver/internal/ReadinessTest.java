package org.edgeiam.iamserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Actions waiting for readiness (the launcher's ready signal hangs on one): run once when calls
 * are served, at once when they already are, never while the framework has not started.
 */
class ReadinessTest {

    @Test
    void anActionRunsOnceWhenCallsAreServedAndAtOnceAfterwards() throws Exception {
        boolean[] started = {false};
        Readiness readiness = new Readiness(() -> null, "self", 10_000, () -> started[0]);
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch first = new CountDownLatch(1);
        readiness.whenReady(() -> {
            ran.add("first");
            first.countDown();
        });
        readiness.start();
        assertFalse(first.await(100, TimeUnit.MILLISECONDS), "ran before the framework had started");
        assertEquals(List.of(), ran);

        started[0] = true; // the framework is up, and no component runtime to wait for: a timeout-free ready
        Readiness ready = Readiness.already();
        ready.whenReady(() -> ran.add("late"));
        assertEquals(List.of("late"), ran, "an action after readiness runs at once");
        readiness.stop();
    }

    @Test
    void aRuntimeThatNeverSettlesIsServedAfterItsLongestWaitAndRunsTheActionOnce() throws Exception {
        Readiness readiness = new Readiness(() -> null, "self", 50, () -> false);
        CountDownLatch ran = new CountDownLatch(2);
        readiness.whenReady(ran::countDown);
        readiness.start();
        readiness.await(5_000);
        assertTrue(readiness.isReady());
        assertFalse(ran.await(200, TimeUnit.MILLISECONDS), "the action ran more than once");
        assertEquals(1, ran.getCount());
    }
}
