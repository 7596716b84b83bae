package org.edgeiam.identifier.vis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.edgeiam.testutil.LogCapture;

import ch.qos.logback.classic.Level;
import com.google.gson.JsonPrimitive;

/**
 * The connection: plain and TLS, a server that is down or restarts, and deactivation, which
 * sends unsubscribeAll and stops the component's threads.
 */
class VisIdentifierConnectionTest extends VisIdentifierTestBase {

    @Test
    void getSystemInfoOverTlsWithTheCaFile() throws Exception {
        TestTls tls = new TestTls("test VIS CA");
        givenServer(tls.serverContext());
        this.config.caCertFile(tls.writeCa(this.dir.resolve("ca.pem")).toString());
        BlockingQueue<List<String>> received = new LinkedBlockingQueue<>();
        givenConnected().subscribeSubjectsChanged(received::add);

        assertEquals(VIN, this.identifier.systemInfo().systemId());
        this.server.push(SUBJECTS_PATH, array("tls-subject"), false);
        assertEquals(List.of("tls-subject"), next(received));
    }

    @Test
    void tlsServerWithAnotherCaIsNotTrusted() throws Exception {
        givenServer(new TestTls("test VIS CA").serverContext());
        this.config.caCertFile(new TestTls("other CA").writeCa(this.dir.resolve("other-ca.pem")).toString());
        try (LogCapture log = new LogCapture(VisClient.class)) {
            givenActivated();

            await("connect failure logged", () -> log.logged(Level.WARN, "Cannot connect to VIS server "
                    + this.server.url()));
            thenFails(ErrorCode.UNAVAILABLE, this.identifier::systemInfo, "is not connected");
            assertEquals(0, this.server.connections());
        }
    }

    @Test
    void serverDownGivesUnavailableQuickly() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        this.config.visServer("ws://127.0.0.1:" + port);
        givenActivated();

        long start = System.nanoTime();
        thenFails(ErrorCode.UNAVAILABLE, this.identifier::systemInfo, "VIS server ws://127.0.0.1:" + port
                + " is not connected");
        thenFails(ErrorCode.UNAVAILABLE, this.identifier::subjects, "is not connected");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "fails at once, not after the timeout");
    }

    @Test
    void serverRestartReconnectsAndResubscribes() throws Exception {
        givenConnected();
        BlockingQueue<List<String>> received = new LinkedBlockingQueue<>();
        this.identifier.subscribeSubjectsChanged(received::add);
        assertEquals(VIN, this.identifier.systemInfo().systemId());

        this.server.stop();
        await("disconnected", () -> !this.identifier.connected());

        assertEquals(VIN, this.identifier.systemInfo().systemId(), "cached from the last connection");
        thenFails(ErrorCode.UNAVAILABLE, this.identifier::subjects, "is not connected");

        this.server.values.put(SYSTEM_ID_PATH, new JsonPrimitive("NEWVIN"));
        this.server.start();
        this.server.nextRequest("subscribe");
        this.server.push(SUBJECTS_PATH, array("after-restart"), false);

        assertEquals(List.of("after-restart"), next(received));
        assertEquals("NEWVIN", this.identifier.systemInfo().systemId(), "the cache is cleared on reconnect");
        assertEquals(2, this.server.connections());
    }

    @Test
    void connectionThatStopsAnsweringPingsIsReplaced() throws Exception {
        givenConnected();
        BlockingQueue<List<String>> received = new LinkedBlockingQueue<>();
        this.identifier.subscribeSubjectsChanged(received::add);
        try (LogCapture log = new LogCapture(VisClient.class)) {
            this.server.answerPings = false;

            this.server.nextRequest("subscribe");
            this.server.answerPings = true;

            assertTrue(log.logged(Level.WARN, "lost: nothing received for 1000 ms after a ping; reconnecting"));
        }
        await("reconnected", this.identifier::connected);
        this.server.push(SUBJECTS_PATH, array("after-keep-alive"), false);
        assertEquals(List.of("after-keep-alive"), next(received));
    }

    @Test
    void unsubscribeAllIsSentOnDeactivation() throws Exception {
        givenConnected();

        this.identifier.deactivate();
        this.identifier = null;

        assertTrue(this.server.nextRequest("unsubscribeAll").has("requestId"));
        thenNoComponentThreadIsLeft();
    }

    @Test
    void deactivationWhileDisconnectedStopsReconnecting() throws Exception {
        givenConnected();
        this.server.stop();
        await("disconnected", () -> !this.identifier.connected());

        this.identifier.deactivate();
        this.identifier = null;

        // reconnects run on the component's executor: with its threads gone, none can follow
        thenNoComponentThreadIsLeft();
        assertEquals(1, this.server.connections());
    }

    private static void thenNoComponentThreadIsLeft() throws InterruptedException {
        await("component threads ended", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("edgeiam-visidentifier-")));
    }
}
