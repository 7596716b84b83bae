package org.edgeiam.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.Subscription;
import org.junit.jupiter.api.Test;

/** Changes reach listeners in order; one change can go to one subscriber only. */
class OrderedListenersTest {

    @Test
    void givenTwoSubscribers_whenOneIsToldAlone_thenOnlyItHearsItInOrderWithTheOthers() throws Exception {
        OrderedListeners<List<String>, String> listeners = new OrderedListeners<>("test", List::add);
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        listeners.add(first);
        Subscription late = listeners.add(second);

        listeners.notifyChanged("a");
        listeners.notifyOne(late, "current");
        listeners.notifyChanged("b");
        CountDownLatch done = new CountDownLatch(1);
        listeners.add(new CopyOnWriteArrayList<>() {
            @Override
            public boolean add(String change) {
                // it may hear "a" or "b" too (they reach whoever is subscribed when they run)
                if ("end".equals(change)) {
                    done.countDown();
                }
                return true;
            }
        });
        listeners.notifyChanged("end");

        assertEquals(true, done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("a", "b", "end"), first);
        assertEquals(List.of("a", "current", "b", "end"), second);
        listeners.close();
    }

    @Test
    void givenClosedSubscription_whenToldAlone_thenNothingArrives() throws Exception {
        OrderedListeners<List<String>, String> listeners = new OrderedListeners<>("test", List::add);
        List<String> heard = new CopyOnWriteArrayList<>();
        Subscription s = listeners.add(heard);
        s.close();

        listeners.notifyOne(s, "late");
        listeners.close();

        assertEquals(List.of(), heard);
    }
}
