package org.edgeiam.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command socket component: its folder and file modes, and clients that do not block others. */
class ConsoleSocketTest {
    @TempDir
    Path dir;
    private ConsoleSocket component;

    @AfterEach
    void stop() throws Exception {
        if (this.component != null) {
            this.component.deactivate();
        }
    }

    private Path givenSocketStarted(Path socket) throws IOException {
        this.component = new ConsoleSocket(SocketClient.echoProcessor(), SocketClient.config(socket),
                SocketClient.context());
        return socket;
    }

    private Path givenFolder(String mode) throws IOException {
        Path folder = Files.createDirectories(this.dir.resolve("run"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(mode));
        return folder;
    }

    private static String modeOf(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void givenNoFolder_whenStarted_thenFolderCreated0700AndSocket0600() throws Exception {
        Path socket = givenSocketStarted(this.dir.resolve("run/gogo.sock"));

        assertEquals("rwx------", modeOf(socket.getParent()));
        assertEquals("rw-------", modeOf(socket));
        assertEquals("ran iam:health\n", SocketClient.send(socket, "iam:health"));
    }

    @Test
    void givenExistingFolder_whenStarted_thenItsModeIsLeftAlone() throws Exception {
        Path folder = givenFolder("rwxr-xr-x");

        Path socket = givenSocketStarted(folder.resolve("gogo.sock"));

        assertEquals("rwxr-xr-x", modeOf(folder), "an existing folder (say /run) is not made private");
        assertEquals("rw-------", modeOf(socket));
    }

    @Test
    void givenFolderOthersMayWrite_whenStarted_thenRefusedWithoutTouchingIt() throws Exception {
        Path folder = givenFolder("rwxrwxrwx");

        IOException e = assertThrows(IOException.class, () -> givenSocketStarted(folder.resolve("gogo.sock")));

        assertTrue(e.getMessage().contains("writable by group or others") && e.getMessage().contains(folder.toString()),
                e.getMessage());
        assertEquals("rwxrwxrwx", modeOf(folder));
        assertTrue(Files.notExists(folder.resolve("gogo.sock")));
    }

    @Test
    void givenSharedFolderWithStickyBit_whenStarted_thenRefusedToo() throws Exception {
        Path folder = givenFolder("rwxrwxrwx");
        Files.setAttribute(folder, "unix:mode", 01777); // as /tmp: another user may create the name first

        IOException e = assertThrows(IOException.class, () -> givenSocketStarted(folder.resolve("gogo.sock")));

        assertTrue(e.getMessage().contains("another user could take the socket's place"), e.getMessage());
        assertTrue(Files.notExists(folder.resolve("gogo.sock")));
    }

    @Test
    void givenIdleClient_whenSecondClientSendsCommand_thenItIsAnswered() throws Exception {
        Path socket = givenSocketStarted(this.dir.resolve("run/gogo.sock"));

        try (SocketChannel idle = SocketClient.connect(socket)) {
            Thread.sleep(200); // the first connection is being served, and sends nothing

            assertEquals("ran iam:node\n", SocketClient.send(socket, "iam:node"));
        }
    }
}
