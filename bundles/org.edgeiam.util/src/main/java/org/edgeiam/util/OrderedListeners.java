package org.edgeiam.util;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.edgeiam.api.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribers and the single thread that calls them. Every change is queued as one task that
 * calls the listeners in subscription order, so each listener sees every change, in order, and
 * a slow listener never blocks the code that reports the change. A listener that throws is
 * logged and stays subscribed. Bundles copy this class in privately (bnd -conditionalpackage).
 *
 * @param <L> listener type
 * @param <E> change type
 */
public final class OrderedListeners<L, E> {
    private static final Logger LOG = LoggerFactory.getLogger(OrderedListeners.class);

    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final BiConsumer<L, E> dispatch;
    private final String name;
    private final ExecutorService executor;

    /**
     * @param name what the changes are about, for the thread name and logs
     * @param dispatch how one listener is told about one change
     */
    public OrderedListeners(String name, BiConsumer<L, E> dispatch) {
        this.name = name;
        this.dispatch = dispatch;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "edgeiam-" + name + "-listeners");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One subscription; identity-based so one listener may be subscribed twice. */
    private final class Registration implements Subscription {
        private final L listener;
        private volatile boolean open = true;

        Registration(L listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            this.open = false;
            OrderedListeners.this.registrations.remove(this);
        }
    }

    /**
     * @param listener the listener
     * @return the handle that ends the subscription
     */
    public Subscription add(L listener) {
        Registration registration = new Registration(Objects.requireNonNull(listener, "listener"));
        this.registrations.add(registration);
        return registration;
    }

    /** @param change queued for every listener subscribed now or before the task runs */
    public void notifyChanged(E change) {
        try {
            this.executor.execute(() -> deliver(change));
        } catch (RejectedExecutionException e) {
            LOG.debug("{} change not delivered: shut down", this.name);
        }
    }

    /**
     * Tells one subscriber of a change, in order with the changes queued for everybody.
     *
     * @param subscription what {@link #add} returned; nothing happens once it is closed
     * @param change the change
     */
    public void notifyOne(Subscription subscription, E change) {
        try {
            this.executor.execute(() -> {
                for (Registration registration : this.registrations) {
                    if (registration == subscription && registration.open) {
                        dispatchTo(registration, change);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("{} change not delivered: shut down", this.name);
        }
    }

    /** @return whether nobody is subscribed */
    public boolean isEmpty() {
        return this.registrations.isEmpty();
    }

    /** Stops delivery; changes still queued are dropped after a grace period of 1 s. */
    public void close() {
        this.executor.shutdown();
        try {
            if (!this.executor.awaitTermination(1, TimeUnit.SECONDS)) {
                this.executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            this.executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        this.registrations.clear();
    }

    private void deliver(E change) {
        for (Registration registration : this.registrations) {
            if (registration.open) {
                dispatchTo(registration, change);
            }
        }
    }

    private void dispatchTo(Registration registration, E change) {
        try {
            this.dispatch.accept(registration.listener, change);
        } catch (RuntimeException e) {
            LOG.warn("{} listener {} failed; it stays subscribed", this.name, registration.listener, e);
        }
    }
}
