package org.edgeiam.identifier.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared setup of the {@link FileIdentifier} tests: a temporary directory with a system ID file,
 * a unit model file and a subjects file, a {@link TestConfig} pointing at them, and
 * given/when/then steps. The identifier created by a test is deactivated after it.
 */
abstract class FileIdentifierTestBase {
    static final String SYSTEM_ID = "test-system-id";
    static final List<String> SUBJECTS = List.of("subject1", "subject2");
    static final long TIMEOUT_SECONDS = 10;

    @TempDir
    Path dir;
    TestConfig config;
    FileIdentifier identifier;
    IamException failure;

    @BeforeEach
    void givenIdentityFiles() {
        givenFile("system-id", SYSTEM_ID + "\n");
        givenFile("unit-model", "test-model;1.0.0\n");
        givenFile("subjects", "subject1\nsubject2\n");
        this.config = new TestConfig().systemIdPath(path("system-id"))
                .unitModelPath(path("unit-model")).subjectsPath(path("subjects"));
    }

    @AfterEach
    void deactivate() {
        if (this.identifier != null) {
            this.identifier.deactivate();
        }
    }

    Path file(String relative) {
        return this.dir.resolve(relative);
    }

    String path(String relative) {
        return file(relative).toString();
    }

    void givenFile(String relative, String content) {
        try {
            Files.createDirectories(file(relative).getParent());
            Files.writeString(file(relative), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void givenNoFile(String relative) throws IOException {
        Files.delete(file(relative));
    }

    /** @return {@code count} lines {@code subject0}, {@code subject1}, … */
    static String lines(int count) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append("subject").append(i).append('\n');
        }
        return lines.toString();
    }

    void whenActivated() {
        deactivate();
        this.identifier = null;
        this.failure = null;
        try {
            this.identifier = new FileIdentifier(this.config);
        } catch (IamException e) {
            this.failure = e;
        }
    }

    /** Activates and asserts that it worked. */
    FileIdentifier givenActivated() {
        whenActivated();
        assertNull(this.failure, () -> "activation failed: " + this.failure.getMessage());
        return this.identifier;
    }

    void thenActivationFails(ErrorCode code, String... mentioned) {
        assertNotNull(this.failure, "activation should fail");
        assertEquals(code, this.failure.code(), this.failure.getMessage());
        for (String text : mentioned) {
            assertTrue(this.failure.getMessage().contains(text),
                    () -> "message should name '" + text + "': " + this.failure.getMessage());
        }
    }

    static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(item, "no notification within " + TIMEOUT_SECONDS + " s");
        return item;
    }

    /** Waits until the subjects file has been read more than {@code reloads} times. */
    void awaitReloadAfter(long reloads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (this.identifier.reloads() <= reloads) {
            assertTrue(System.nanoTime() < deadline,
                    "subjects file not read again within " + TIMEOUT_SECONDS + " s");
            Thread.sleep(10);
        }
    }
}
