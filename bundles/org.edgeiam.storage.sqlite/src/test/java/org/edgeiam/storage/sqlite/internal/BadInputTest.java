package org.edgeiam.storage.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.Test;

/** Files and configurations the storage must refuse, leaving what exists as it was. */
class BadInputTest extends StorageTestBase {

    private List<Path> filesInDir() throws Exception {
        try (Stream<Path> files = Files.list(this.dir)) {
            return files.sorted().toList();
        }
    }

    private void thenRefusedAsNotSqlite(byte[] content) throws Exception {
        Files.write(dbFile(), content);

        IamException e = thenFails(ErrorCode.RUNTIME, () -> givenOpenStorage());

        assertTrue(e.getMessage().contains(dbFile().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("is not an SQLite database"), e.getMessage());
        assertArrayEquals(content, Files.readAllBytes(dbFile()));
        assertEquals(List.of(dbFile()), filesInDir());
    }

    @Test
    void givenTextFile_whenOpened_thenRefusedAndFileUnchanged() throws Exception {
        thenRefusedAsNotSqlite("{\"this\": \"is a config file, not a database\"}\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givenSqliteHeaderFollowedByGarbage_whenOpened_thenRefusedAndFileUnchanged() throws Exception {
        byte[] content = new byte[8192];
        new Random(42).nextBytes(content);
        byte[] header = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, content, 0, header.length);

        thenRefusedAsNotSqlite(content);
    }

    @Test
    void givenEmptyFile_whenOpened_thenUsedAsNewDatabase() throws Exception {
        Files.createFile(dbFile());

        givenOpenStorage().addCertInfo(cert("iam", 1, 1));

        assertEquals(1L, this.storage.status().rowCounts().get("certificates"));
    }

    @Test
    void givenDirectoryWhereTheFileShouldBe_whenOpened_thenRuntimeError() throws Exception {
        Files.createDirectory(dbFile());

        IamException e = thenFails(ErrorCode.RUNTIME, () -> givenOpenStorage());

        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void givenMissingWorkingDir_whenOpened_thenDirAndFileAreCreated() throws Exception {
        Path nested = this.dir.resolve("var/aos/iam");
        this.storage = new SqliteStorage(new TestConfig(nested.toString(), "iam.db"));

        assertTrue(Files.isRegularFile(nested.resolve("iam.db")));
        assertEquals(nested.resolve("iam.db").toString(), this.storage.status().location());
    }

    @Test
    void givenBlankSettings_whenOpened_thenInvalidArgument() {
        for (TestConfig config : List.of(new TestConfig(this.dir.toString(), " "), new TestConfig("", "iam.db"),
                new TestConfig(this.dir.toString(), "iam.db?mode=ro"))) {
            thenFails(ErrorCode.INVALID_ARGUMENT, () -> new SqliteStorage(config));
        }
    }

    @Test
    void givenClosedStorage_whenUsed_thenUnavailable() throws Exception {
        givenOpenStorage().close();

        thenFails(ErrorCode.UNAVAILABLE, () -> this.storage.getAllNodeIds());
        thenFails(ErrorCode.UNAVAILABLE, () -> this.storage.addCertInfo(cert("iam", 1, 1)));
    }
}
