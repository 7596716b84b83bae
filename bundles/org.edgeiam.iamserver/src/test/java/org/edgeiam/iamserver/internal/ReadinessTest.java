package org.edgeiam.iamserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * Actions waiting for readiness (the launcher's ready signal hangs on one): run once when calls
 * are served, at once when they already are, never while the framework has not started.
 */
class ReadinessTest {

    @Test
    void anActionWaitsForTheFrameworksStartRunsOnceWhenCallsAreServedAndAtOnceAfterwards() throws Exception {
        AtomicBoolean started = new AtomicBoolean();
        Readiness readiness = new Readiness(() -> null, "self", 10_000, started::get)
                .withRuntime(ReadinessTest::runtimeWithNothingToWaitFor);
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch first = new CountDownLatch(1);
        readiness.whenReady(() -> {
            ran.add("first");
            first.countDown();
        });
        readiness.start();
        assertFalse(first.await(100, TimeUnit.MILLISECONDS), "ran before the framework had started");
        assertFalse(readiness.isReady());

        started.set(true); // the framework is up and no EdgeIAM component waits: ready at the next look
        assertTrue(first.await(5, TimeUnit.SECONDS), "did not run once calls were served");
        assertTrue(readiness.isReady());
        readiness.whenReady(() -> ran.add("late"));
        assertEquals(List.of("first", "late"), ran, "once each; an action after readiness runs at once");
        readiness.stop();
    }

    /** A component runtime that knows no component: nothing to wait for. */
    private static ServiceComponentRuntime runtimeWithNothingToWaitFor() {
        return (ServiceComponentRuntime) Proxy.newProxyInstance(ReadinessTest.class.getClassLoader(),
                new Class<?>[] {ServiceComponentRuntime.class}, (proxy, method, args) ->
                        method.getReturnType() == Collection.class ? List.of() : null);
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
