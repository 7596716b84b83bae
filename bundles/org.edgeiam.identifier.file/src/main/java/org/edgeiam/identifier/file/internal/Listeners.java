package org.edgeiam.identifier.file.internal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.Subscription;
import org.edgeiam.api.identity.SubjectsListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscribers to subject changes and the single thread that calls them. Every change is
 * queued as one task that calls the listeners in subscription order, so each listener sees every
 * change, in order, and a slow listener never holds up the file watcher. A listener that throws
 * is logged and stays subscribed.
 */
final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "edgeiam-fileidentifier-listeners");
        thread.setDaemon(true);
        return thread;
    });

    /** One subscription; identity-based so one listener may be subscribed twice. */
    private final class Registration implements Subscription {
        private final SubjectsListener listener;
        private volatile boolean open = true;

        Registration(SubjectsListener listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            this.open = false;
            Listeners.this.registrations.remove(this);
        }
    }

    Subscription add(SubjectsListener listener) {
        Registration registration = new Registration(Objects.requireNonNull(listener, "listener"));
        this.registrations.add(registration);
        return registration;
    }

    /** Queues {@code subjects} for every listener subscribed now or before the task runs. */
    void notifyChanged(List<String> subjects) {
        try {
            this.executor.execute(() -> deliver(subjects));
        } catch (RejectedExecutionException e) {
            LOG.debug("Not notifying {} subjects: the file identifier is deactivated",
                    subjects.size());
        }
    }

    /** Stops delivery; changes still queued are dropped after a short grace period. */
    void close() {
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

    private void deliver(List<String> subjects) {
        for (Registration registration : this.registrations) {
            if (!registration.open) {
                continue;
            }
            try {
                registration.listener.subjectsChanged(subjects);
            } catch (Exception e) {
                LOG.warn("Subjects listener {} failed on {}; it stays subscribed",
                        registration.listener, subjects, e);
            }
        }
    }
}
