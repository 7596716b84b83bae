package org.edgeiam.currentnode.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading MemTotal from meminfo files. */
class MemInfoReaderTest {
    @TempDir
    Path dir;

    @Test
    void memTotalInKbIsConvertedToBytes() throws Exception {
        Path file = givenMemInfo("MemFree:  10 kB\nMemTotal:       16384 kB\nBuffers: 1 kB\n");

        assertEquals(16384L * 1024, MemInfoReader.totalRam(file, "meminfo.path"));
    }

    @Test
    void missingFileIsNotFound() {
        Path file = this.dir.resolve("meminfo");
        IamException e = assertThrows(IamException.class,
                () -> MemInfoReader.totalRam(file, "meminfo.path"));

        assertEquals(ErrorCode.NOT_FOUND, e.code());
        thenNames(e, file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MemFree: 10 kB\n", "MemTotal: lots kB\n", "MemTotal: -1 kB\n",
        "MemTotal:\n"})
    void fileWithoutValidMemTotalIsInvalid(String content) throws Exception {
        Path file = givenMemInfo(content);
        IamException e = assertThrows(IamException.class,
                () -> MemInfoReader.totalRam(file, "meminfo.path"));

        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        thenNames(e, file);
    }

    private Path givenMemInfo(String content) throws Exception {
        return Files.writeString(this.dir.resolve("meminfo"), content);
    }

    private static void thenNames(IamException e, Path file) {
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("meminfo.path"), e.getMessage());
    }
}
