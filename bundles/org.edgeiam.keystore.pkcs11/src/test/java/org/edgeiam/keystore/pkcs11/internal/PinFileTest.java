package org.edgeiam.keystore.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The user PIN file's modes: written owner-only, refused when others may read or write it. */
class PinFileTest {
    private static final String PIN = "secret-pin-1234";

    @TempDir
    Path dir;

    private PinFile givenPinFile(String relative) {
        return new PinFile(this.dir.resolve(relative), new SecureRandom());
    }

    private Path givenExistingPinFile(String mode) throws Exception {
        Path file = this.dir.resolve("user.pin");
        Files.writeString(file, PIN + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static String modeOf(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void givenNoFolder_whenWrite_thenFolderIs0700AndFileIs0600() throws Exception {
        PinFile pins = givenPinFile("pins/sub/user.pin");

        pins.write(PIN.toCharArray());

        assertEquals("rwx------", modeOf(this.dir.resolve("pins/sub")));
        assertEquals("rwx------", modeOf(this.dir.resolve("pins")));
        assertEquals("rw-------", modeOf(pins.path()));
        assertArrayEquals(PIN.toCharArray(), pins.read().orElseThrow());
    }

    @Test
    void givenExistingFolder_whenWrite_thenItsModeIsKept() throws Exception {
        Path shared = Files.createDirectories(this.dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        PinFile pins = givenPinFile("shared/user.pin");

        pins.write(PIN.toCharArray());

        assertEquals("rwxr-xr-x", modeOf(shared));
        assertEquals("rw-------", modeOf(pins.path()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "rw-r--r--", "rw-rw----", "rw----r--", "rw-----w-", "r--r-----" })
    void givenPinFileOthersMayReadOrWrite_whenRead_thenRefusedNamingFileAndModeNotPin(String mode) throws Exception {
        Path file = givenExistingPinFile(mode);
        PinFile pins = givenPinFile("user.pin");

        IamException e = assertThrows(IamException.class, pins::read);

        assertEquals(ErrorCode.WRONG_STATE, e.code());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(mode), e.getMessage());
        assertFalse(e.getMessage().contains(PIN), "the PIN never appears in a message");
    }

    @ParameterizedTest
    @ValueSource(strings = { "rw-------", "r--------" })
    void givenOwnerOnlyPinFile_whenRead_thenPinWithoutLineBreak(String mode) throws Exception {
        givenExistingPinFile(mode);

        assertArrayEquals(PIN.toCharArray(), givenPinFile("user.pin").read().orElseThrow());
    }
}
