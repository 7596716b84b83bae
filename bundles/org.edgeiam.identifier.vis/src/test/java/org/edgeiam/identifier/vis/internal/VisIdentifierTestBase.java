package org.edgeiam.identifier.vis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLContext;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonPrimitive;

/**
 * Shared setup of the {@link VisIdentifier} tests: a {@link TestVisServer} on 127.0.0.1 holding a
 * system ID, unit model and subjects, a {@link TestConfig} pointing at it, and given/when/then
 * steps. The identifier and server of a test are stopped after it.
 */
abstract class VisIdentifierTestBase {
    static final String VIN = "TESTVIN0123456789";
    static final List<String> SUBJECTS = List.of("subject1", "subject2");
    static final long WAIT_SECONDS = TestVisServer.WAIT_SECONDS;
    /** Shorter than in production, so a dead connection is found within 2 s. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(1);
    static final String SYSTEM_ID_PATH = VisMessages.SYSTEM_ID_PATH;
    static final String UNIT_MODEL_PATH = VisMessages.UNIT_MODEL_PATH;
    static final String SUBJECTS_PATH = VisMessages.SUBJECTS_PATH;

    @TempDir
    Path dir;
    TestVisServer server;
    TestConfig config;
    VisIdentifier identifier;
    IamException failure;

    @BeforeEach
    void givenVisServer() throws IOException {
        givenServer(null);
    }

    @AfterEach
    void stop() throws IOException {
        if (this.identifier != null) {
            this.identifier.deactivate();
        }
        this.server.stop();
    }

    /** Replaces the server by a new one, TLS if {@code ssl} is set, and points the config at it. */
    void givenServer(SSLContext ssl) throws IOException {
        if (this.server != null) {
            this.server.stop();
        }
        this.server = new TestVisServer(ssl).start();
        this.server.values.put(SYSTEM_ID_PATH, new JsonPrimitive(VIN));
        this.server.values.put(UNIT_MODEL_PATH, new JsonPrimitive("test-model;1.0.0"));
        this.server.values.put(SUBJECTS_PATH, array(SUBJECTS.toArray(String[]::new)));
        this.config = new TestConfig().visServer(this.server.url().toString()).webSocketTimeout("10s");
    }

    static JsonArray array(String... items) {
        JsonArray array = new JsonArray();
        for (String item : items) {
            array.add(item);
        }
        return array;
    }

    void whenActivated() {
        this.identifier = null;
        this.failure = null;
        try {
            this.identifier = new VisIdentifier(this.config, KEEP_ALIVE);
        } catch (IamException e) {
            this.failure = e;
        }
    }

    /** Activates and asserts that it worked; the connection may still be on its way. */
    VisIdentifier givenActivated() {
        whenActivated();
        assertNull(this.failure, () -> "activation failed: " + this.failure.getMessage());
        return this.identifier;
    }

    /** Activates and waits until the identifier has subscribed to the subjects. */
    VisIdentifier givenConnected() throws InterruptedException {
        givenActivated();
        this.server.nextRequest("subscribe");
        return this.identifier;
    }

    void thenActivationFails(ErrorCode code, String... mentioned) {
        assertNotNull(this.failure, "activation should fail");
        thenMentions(this.failure, code, mentioned);
    }

    /** Asserts that {@code call} fails with {@code code} and a message naming each of {@code mentioned}. */
    static IamException thenFails(ErrorCode code, Call call, String... mentioned) {
        return thenMentions(assertThrows(IamException.class, call::run), code, mentioned);
    }

    /** An identifier call that may fail. */
    interface Call {
        void run() throws IamException;
    }

    static IamException thenMentions(IamException e, ErrorCode code, String... mentioned) {
        assertEquals(code, e.code(), e.getMessage());
        for (String text : mentioned) {
            assertTrue(e.getMessage().contains(text), () -> "message should name '" + text + "': " + e.getMessage());
        }
        return e;
    }

    static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(item, "no notification within " + WAIT_SECONDS + " s");
        return item;
    }

    /** Waits, polling, until {@code condition} holds; fails after {@link #WAIT_SECONDS}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not " + what + " within " + WAIT_SECONDS + " s");
            Thread.sleep(10);
        }
    }
}
