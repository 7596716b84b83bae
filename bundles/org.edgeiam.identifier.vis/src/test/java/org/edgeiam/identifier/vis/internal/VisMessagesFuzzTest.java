package org.edgeiam.identifier.vis.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.identifier.vis.internal.VisMessages.Frame;
import org.edgeiam.identifier.vis.internal.VisMessages.UnitModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

/**
 * Fuzz test of a text message from the VIS server: the bytes, decoded as the JDK WebSocket does,
 * go to {@link VisClient#message} of a connected client whose subjects subscription is {@code
 * sub-1}. Contract: nothing escapes (malformed frames are logged and dropped); subjects notified
 * are read as {@link VisIdentifier} reads them; and the value of any frame, read as the answer to
 * each of the three gets, is within the limits or an {@link IamException} {@code FAILED} or
 * {@code NO_MEMORY} that says why. Seeds and past findings are under
 * {@code VisMessagesFuzzTestInputs/receivedFrame}; docs/fuzzing.md.
 */
class VisMessagesFuzzTest {
    private static final ScheduledExecutorService EXECUTOR = Executors.newSingleThreadScheduledExecutor();
    private static final FakeSocket SOCKET = new FakeSocket();
    private static final Logger CLIENT_LOG = (Logger) LoggerFactory.getLogger(VisClient.class);
    private static VisClient client;

    /**
     * Connects a client to a socket that only records what is sent, and answers its subscribe.
     * Without {@code JAZZER_FUZZ} only the seeds run: Jazzer's bug-detector hooks would then add a
     * class-path scan of several seconds and check nothing the contract does not. Malformed frames
     * are logged as warnings, which would flood a fuzzing run.
     */
    @BeforeAll
    static void givenConnectedClient() throws IamException {
        if (System.getenv("JAZZER_FUZZ") == null && System.getenv("JAZZER_HOOKS") == null
                && System.getProperty("jazzer.hooks") == null) {
            System.setProperty("jazzer.hooks", "false");
        }
        CLIENT_LOG.setLevel(Level.ERROR);
        VisOptions options = VisOptions.from(new TestConfig().visServer("ws://127.0.0.1:9/"), Duration.ofHours(1));
        client = new VisClient(options, null, EXECUTOR,
                () -> client.subscribe(VisMessages.SUBJECTS_PATH, VisMessagesFuzzTest::subjectsNotified));
        client.opened(SOCKET);
        String requestId = JsonParser.parseString(SOCKET.sent).getAsJsonObject().get("requestId").getAsString();
        client.message(SOCKET,
                "{\"action\":\"subscribe\",\"requestId\":\"" + requestId + "\",\"subscriptionId\":\"sub-1\"}");
    }

    /** The client is not closed: close() would wait 2 s for an answer to unsubscribeAll. */
    @AfterAll
    static void stop() {
        EXECUTOR.shutdownNow();
        CLIENT_LOG.setLevel(null);
    }

    @FuzzTest(maxDuration = "2m")
    void receivedFrame(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        client.message(SOCKET, text);
        Frame frame;
        try {
            frame = VisMessages.parse(text);
        } catch (IllegalArgumentException e) {
            return; // VisClient logged and dropped it
        }
        JsonElement value = frame.value();
        try {
            String systemId = VisMessages.systemId(VisMessages.valueAt(value, VisMessages.SYSTEM_ID_PATH));
            assertTrue(!systemId.isBlank() && systemId.length() <= VisMessages.MAX_SYSTEM_ID_LENGTH, systemId);
        } catch (IamException e) {
            assertRejected(e);
        }
        try {
            UnitModel model = VisMessages.unitModel(VisMessages.valueAt(value, VisMessages.UNIT_MODEL_PATH));
            assertTrue(!model.model().isBlank() && model.model().length() <= VisMessages.MAX_UNIT_MODEL_LENGTH
                    && !model.version().isBlank() && model.version().length() <= VisMessages.MAX_VERSION_LENGTH,
                    model::toString);
        } catch (IamException e) {
            assertRejected(e);
        }
        subjectsNotified(VisMessages.valueAt(value, VisMessages.SUBJECTS_PATH));
    }

    /** As {@code VisIdentifier.subjectsNotified}, with the contract checked. */
    private static void subjectsNotified(JsonElement value) {
        try {
            List<String> subjects = VisMessages.subjects(value);
            assertTrue(subjects.size() <= VisMessages.MAX_SUBJECTS, "subjects " + subjects.size());
            subjects.forEach(s -> assertTrue(s.length() <= VisMessages.MAX_SUBJECT_LENGTH, s));
        } catch (IamException e) {
            assertRejected(e);
        }
    }

    private static void assertRejected(IamException e) {
        assertTrue(e.code() == ErrorCode.FAILED || e.code() == ErrorCode.NO_MEMORY, e::toString);
        assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a rejection says why");
    }

    /** A connection that records the last text sent and completes every send at once. */
    private static final class FakeSocket implements WebSocket {
        volatile String sent;

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            this.sent = data.toString();
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public void request(long n) {
        }

        @Override
        public String getSubprotocol() {
            return "";
        }

        @Override
        public boolean isOutputClosed() {
            return false;
        }

        @Override
        public boolean isInputClosed() {
            return false;
        }

        @Override
        public void abort() {
        }
    }
}
