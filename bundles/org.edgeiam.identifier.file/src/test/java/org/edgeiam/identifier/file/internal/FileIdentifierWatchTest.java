package org.edgeiam.identifier.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgeiam.api.Subscription;
import org.junit.jupiter.api.Test;
import org.edgeiam.testutil.LogCapture;

import ch.qos.logback.classic.Level;

/**
 * Watching the subjects file, which the reference does not do: changes reach the subscribers,
 * non-changes do not, and deactivation stops the watcher.
 */
class FileIdentifierWatchTest extends FileIdentifierTestBase {

    @Test
    void editingTheSubjectsFileNotifiesTheNewSubjects() throws Exception {
        givenActivated();
        BlockingQueue<List<String>> received = new LinkedBlockingQueue<>();
        this.identifier.subscribeSubjectsChanged(received::add);

        givenFile("subjects", "subject1\nsubject3\n");

        assertEquals(List.of("subject1", "subject3"), next(received));
        assertEquals(List.of("subject1", "subject3"), this.identifier.subjects());

        givenFile("subjects", "subject4\n");

        assertEquals(List.of("subject4"), next(received));
    }

    @Test
    void rewritingTheSameSubjectsDoesNotNotify() throws Exception {
        givenActivated();
        BlockingQueue<List<String>> received = new LinkedBlockingQueue<>();
        this.identifier.subscribeSubjectsChanged(received::add);
        long reloads = this.identifier.reloads();

        givenFile("subjects", "  subject1\n\nsubject2  \n");
        awaitReloadAfter(reloads);
        givenFile("subjects", "subject5\n");

        // notifications come in order, so one for the rewrite would come first
        assertEquals(List.of("subject5"), next(received));
    }

    @Test
    void replacingTheSubjectsFileByRenameNotifies() throws Exception {
        givenActivated();
        BlockingQueue<List<String>> received = new LinkedBlockingQueue<>();
        this.identifier.subscribeSubjectsChanged(received::add);

        givenFile("subjects.tmp", "subject6\n");
        Files.move(file("subjects.tmp"), file("subjects"), StandardCopyOption.ATOMIC_MOVE);

        assertEquals(List.of("subject6"), next(received));
    }

    @Test
    void deletingTheSubjectsFileNotifiesNoSubjects() throws Exception {
        givenActivated();
        BlockingQueue<List<String>> received = new LinkedBlockingQueue<>();
        this.identifier.subscribeSubjectsChanged(received::add);

        givenNoFile("subjects");

        assertEquals(List.of(), next(received));
        assertEquals(List.of(), this.identifier.subjects());

        givenFile("subjects", "subject7\n");

        assertEquals(List.of("subject7"), next(received), "a new file is read too");
    }

    @Test
    void subjectsOverTheLimitNotifyNoSubjects() throws Exception {
        givenActivated();
        BlockingQueue<List<String>> received = new LinkedBlockingQueue<>();
        this.identifier.subscribeSubjectsChanged(received::add);

        givenFile("subjects", lines(IdentityFiles.MAX_SUBJECTS + 1));

        assertEquals(List.of(), next(received));
    }

    @Test
    void closingTheSubscriptionStopsNotifications() throws Exception {
        givenActivated();
        BlockingQueue<List<String>> first = new LinkedBlockingQueue<>();
        BlockingQueue<List<String>> second = new LinkedBlockingQueue<>();
        Subscription firstSubscription = this.identifier.subscribeSubjectsChanged(first::add);
        this.identifier.subscribeSubjectsChanged(second::add);

        firstSubscription.close();
        firstSubscription.close();
        givenFile("subjects", "subject8\n");

        assertEquals(List.of("subject8"), next(second));
        // the first listener would be called before the second in the same delivery
        assertTrue(first.isEmpty(), "a closed subscription gets nothing");
    }

    @Test
    void throwingListenerIsLoggedAndKept() throws Exception {
        givenActivated();
        AtomicInteger thrown = new AtomicInteger();
        BlockingQueue<List<String>> received = new LinkedBlockingQueue<>();
        try (LogCapture log = new LogCapture(org.edgeiam.util.OrderedListeners.class)) {
            this.identifier.subscribeSubjectsChanged(subjects -> {
                thrown.incrementAndGet();
                throw new IllegalStateException("listener bug");
            });
            this.identifier.subscribeSubjectsChanged(received::add);

            givenFile("subjects", "subject9\n");
            assertEquals(List.of("subject9"), next(received));
            givenFile("subjects", "subject10\n");
            assertEquals(List.of("subject10"), next(received));

            assertEquals(2, thrown.get(), "the throwing listener stays subscribed");
            assertTrue(log.logged(Level.WARN, "stays subscribed"));
        }
    }

    @Test
    void deactivationStopsTheWatcherThread() throws Exception {
        givenActivated();
        assertTrue(this.identifier.watching());

        this.identifier.deactivate();

        assertFalse(this.identifier.watching(), "the watcher thread has ended");
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("edgeiam-fileidentifier-watcher")),
                "no watcher thread is left");
        this.identifier = null;
    }

    @Test
    void subjectsFileInAMissingDirectoryIsNotWatched() {
        this.config.subjectsPath(path("missing/subjects"));
        try (LogCapture log = new LogCapture(FileIdentifier.class)) {
            givenActivated();

            assertEquals(List.of(), this.identifier.subjects());
            assertFalse(this.identifier.watching());
            assertTrue(log.logged(Level.WARN, "Cannot watch subjects file "
                    + path("missing/subjects")));
        }
    }
}
