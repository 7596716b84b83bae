package org.edgeiam.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.edgeiam.testutil.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.Level;

/** The command socket's limits: idle timeout, bounded connections, and the peer's user. */
class CommandSocketTest {
    @TempDir
    Path dir;
    private CommandSocket socket;

    @AfterEach
    void stop() throws IOException {
        if (this.socket != null) {
            this.socket.close();
        }
    }

    private Path givenSocket(int maxConnections, Duration idle) throws IOException {
        Path path = this.dir.resolve("run/gogo.sock");
        this.socket = new CommandSocket(path, line -> "ran " + line + "\n", maxConnections, idle);
        return path;
    }

    @Test
    void givenIdleClient_whenIdleTimeoutPasses_thenItIsClosed() throws Exception {
        Path path = givenSocket(4, Duration.ofMillis(300));

        try (SocketChannel idle = SocketClient.connect(path)) {
            String answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return SocketClient.readToEnd(idle);
                } catch (IOException e) {
                    return "failed: " + e;
                }
            }).get(5, TimeUnit.SECONDS);

            assertEquals("", answer, "closed without an answer");
        }
        assertEquals("ran lb\n", SocketClient.send(path, "lb"), "and its thread serves again");
    }

    @Test
    void givenAllConnectionsOpen_whenAnotherConnects_thenBusyAndTheFirstStillServed() throws Exception {
        Path path = givenSocket(1, Duration.ofSeconds(30));

        try (SocketChannel first = SocketClient.connect(path)) {
            Thread.sleep(200);

            assertTrue(SocketClient.send(path, "lb").startsWith("ERROR: busy"));
            first.write(java.nio.ByteBuffer.wrap("lb\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals("ran lb\n", SocketClient.readToEnd(first));
        }
    }

    @Test
    void givenOverlongLine_whenSent_thenErrorNotRun() throws Exception {
        Path path = givenSocket(4, Duration.ofSeconds(30));

        assertTrue(SocketClient.send(path, "x".repeat(5000)).startsWith("ERROR: command line longer than"));
    }

    @Test
    void givenOtherUser_whenConnected_thenRefusedAndLogged() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can connect as another user");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/socat")),
                "needs setpriv and socat");
        Path path = givenSocket(4, Duration.ofSeconds(30));
        // let 'nobody' reach the socket, as a socket in a shared folder would be reachable
        Files.setPosixFilePermissions(this.dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(path.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));

        try (LogCapture log = new LogCapture(CommandSocket.class)) {
            // sends nothing (stdin is empty): the refusal comes before any command is read
            Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "/usr/bin/socat", "-", "UNIX-CONNECT:" + path).redirectErrorStream(true).start();
            p.getOutputStream().close();
            assertTrue(p.waitFor(5, TimeUnit.SECONDS));
            String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertFalse(answer.contains("ran"), answer);
            assertTrue(answer.contains("ERROR: not allowed"), answer);
            assertTrue(log.logged(Level.WARN, "connection of user nobody refused")
                    || log.logged(Level.WARN, "connection of user 65534 refused"), log.messages().toString());
        }
        assertEquals("ran lb\n", SocketClient.send(path, "lb"), "the runtime's own user is served");
    }
}
