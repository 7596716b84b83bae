package org.edgeiam.iamclient.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.edgeiam.testutil.LogCapture;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;

/**
 * TLS first on the public server: an unprovisioned node never talks plaintext unless the runtime
 * runs in provisioning mode or {@code allow.plaintext} is set, so that nobody on the path can
 * pose as the main node and provision it with a password of their choosing.
 */
class IamClientPlaintextTest extends IamClientTestBase {

    @Test
    void plaintextMainIsNeverReachedWhenPlaintextIsNotAllowed() throws Exception {
        givenPublicMain(null);
        try (LogCapture log = new LogCapture(ConnectionLog.class); LogCapture loop = new LogCapture(
                ConnectionLoop.class)) {
            whenClientStarts();

            await("two failed TLS attempts", () -> tlsFailures(log) >= 2);
            assertNull(publicMain.streams.poll(0, TimeUnit.SECONDS), "no RegisterNode stream, so no NodeInfo");
            assertTrue(log.logged(Level.INFO, "cannot connect to the main IAM's public server " + publicMain.url()
                    + " (TLS)"), log.messages().toString());
            assertTrue(log.messages().stream().noneMatch(m -> m.contains("(plaintext)")), log.messages().toString());
            assertTrue(loop.logged(Level.INFO, "plaintext to the main IAM's public server is not allowed"),
                    loop.messages().toString());
        }
    }

    @Test
    void unprovisionedNodeRegistersOverTlsWithoutTryingPlaintext() throws Exception {
        try (LogCapture log = new LogCapture(ConnectionLog.class)) {
            TestMain.Stream stream = givenRegisteredAt(publicMain);

            assertNull(stream.peer, "no client certificate on the public server");
            await("the registration logged", () -> log.logged(Level.INFO, "registered node node-1 at the main IAM's"
                    + " public server " + publicMain.url() + " (TLS)"));
            assertTrue(log.messages().stream().noneMatch(m -> m.contains("(plaintext)")), log.messages().toString());
        }
    }

    @Test
    void allowPlaintextReachesAPlaintextMainAfterTls() throws Exception {
        config.allowPlaintext(true);
        thenPlaintextMainIsReachedAfterTls();
    }

    @Test
    void provisioningModeReachesAPlaintextMainAfterTls() throws Exception {
        config.provisioning(true);
        thenPlaintextMainIsReachedAfterTls();
    }

    @Test
    void tlsIsStillFirstWhenPlaintextIsAllowed() throws Exception {
        config.allowPlaintext(true);
        try (LogCapture log = new LogCapture(ConnectionLog.class)) {
            givenRegisteredAt(publicMain);

            await("the registration logged", () -> log.logged(Level.INFO, "(TLS)"));
            assertTrue(log.messages().stream().noneMatch(m -> m.contains("(plaintext)")), log.messages().toString());
        }
    }

    @Test
    void missingCaFileIsAnErrorAndNothingIsSentWhenPlaintextIsNotAllowed() throws Exception {
        givenPublicMain(null);
        config.caCert(dir.resolve("absent.pem").toString());
        try (LogCapture loop = new LogCapture(ConnectionLoop.class)) {
            whenClientStarts();

            await("the error logged", () -> loop.logged(Level.ERROR, "ca.cert " + dir.resolve("absent.pem")
                    + " does not exist"));
            assertTrue(loop.logged(Level.ERROR, "mainIAMAllowPlaintext"), loop.messages().toString());
            assertNull(publicMain.streams.poll(3 * config.reconnect_interval_ms(), TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void missingCaFileFallsBackToPlaintextOnlyWhenAllowed() throws Exception {
        givenPublicMain(null);
        config.caCert(dir.resolve("absent.pem").toString()).provisioning(true);

        givenRegisteredAt(publicMain);
    }

    private void thenPlaintextMainIsReachedAfterTls() throws Exception {
        givenPublicMain(null);
        try (LogCapture log = new LogCapture(ConnectionLog.class)) {
            long started = System.nanoTime();
            TestMain.Stream stream = givenRegisteredAt(publicMain);

            assertNull(stream.peer);
            assertTrue(log.logged(Level.INFO, "cannot connect to the main IAM's public server " + publicMain.url()
                    + " (TLS)"), log.messages().toString());
            await("the registration logged", () -> log.logged(Level.INFO, "registered node node-1 at the main IAM's"
                    + " public server " + publicMain.url() + " (plaintext)"));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(tookMs < Session.CONNECT_TIMEOUT_MS, "plaintext right after TLS failed, took " + tookMs + " ms");
        }
    }

    private static long tlsFailures(LogCapture log) {
        return log.messages().stream().filter(m -> m.contains("(TLS)") && m.startsWith("cannot connect")).count();
    }
}
