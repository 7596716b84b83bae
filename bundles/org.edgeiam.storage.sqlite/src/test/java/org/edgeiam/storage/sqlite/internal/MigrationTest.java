package org.edgeiam.storage.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.Test;

/** Schema versions: creation, up and down steps, reopening, and refusing a newer schema. */
class MigrationTest extends StorageTestBase {
    /** The newest version of this bundle's scripts. */
    private static final int LATEST = 4;

    @Test
    void givenNoFile_whenOpened_thenFileHasCurrentSchemaInWalMode() throws Exception {
        givenOpenStorage();

        assertEquals(List.of("SchemaDowngrades", "SchemaVersion", "certificates", "nodeinfo", "nodekeypins", "revokedcerts"),
                tables(dbFile()));
        assertEquals(List.of(String.valueOf(LATEST)), query(dbFile(), "SELECT version FROM SchemaVersion"));
        assertEquals(List.of("wal"), query(dbFile(), "PRAGMA journal_mode"));
    }

    @Test
    void givenData_whenMigratedDownTo0_thenTablesGone_andWhenUpAgain_thenTablesBackEmpty() throws Exception {
        givenOpenStorage();
        this.storage.addCertInfo(cert("iam", 1, 1));
        this.storage.setNodeInfo(NodeStorageTest.fullNode("n"));

        assertEquals(0, this.storage.migrateTo(0));

        assertEquals(List.of("SchemaDowngrades", "SchemaVersion"), tables(dbFile()));
        assertEquals(List.of(), query(dbFile(), "SELECT version FROM SchemaDowngrades"));
        assertEquals(0, this.storage.status().schemaVersion());
        thenFails(ErrorCode.RUNTIME, () -> this.storage.getAllNodeIds());

        assertEquals(LATEST, this.storage.migrateTo(LATEST));

        assertEquals(List.of("SchemaDowngrades", "SchemaVersion", "certificates", "nodeinfo", "nodekeypins", "revokedcerts"),
                tables(dbFile()));
        assertEquals(List.of(), this.storage.getAllNodeIds());
        assertEquals(List.of(), this.storage.getCertsInfo("iam"));
    }

    @Test
    void givenFileAtVersion0_whenOpened_thenMigratedUp() throws Exception {
        givenOpenStorage().migrateTo(0);

        whenReopened();

        assertEquals(LATEST, this.storage.status().schemaVersion());
        this.storage.addCertInfo(cert("iam", 1, 1));
    }

    @Test
    void givenData_whenReopened_thenDataIsKept() throws Exception {
        givenOpenStorage();
        this.storage.addCertInfo(cert("iam", 1, 1));
        this.storage.setNodeInfo(NodeStorageTest.fullNode("n"));

        whenReopened();

        assertEquals(List.of(cert("iam", 1, 1)), this.storage.getCertsInfo("iam"));
        assertEquals(Optional.of(NodeStorageTest.fullNode("n")), this.storage.getNodeInfo("n"));
    }

    @Test
    void givenSchemaNewerThanCode_whenOpened_thenNotSupportedAndFileUnchanged() throws Exception {
        // written by a future EdgeIAM, in rollback-journal mode: even a switch to WAL would show
        sql(dbFile(), "CREATE TABLE SchemaVersion (version INTEGER)", "INSERT INTO SchemaVersion VALUES (99)",
                "CREATE TABLE certificates (type TEXT, issuer BLOB, serial BLOB, extra TEXT)",
                "INSERT INTO certificates VALUES ('iam', x'01', x'02', 'new column')");
        byte[] before = Files.readAllBytes(dbFile());

        IamException e = thenFails(ErrorCode.NOT_SUPPORTED, () -> new SqliteStorage(TestConfig.of(this.dir)));

        assertTrue(e.getMessage().contains(dbFile().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("99") && e.getMessage().contains("version " + LATEST)
                && e.getMessage().contains("no down script for version 99"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(dbFile()));
        assertEquals(List.of("99"), query(dbFile(), "SELECT version FROM SchemaVersion"));
    }

    @Test
    void givenTargetOutOfRange_whenMigrated_thenInvalidArgumentAndSchemaKept() throws Exception {
        givenOpenStorage();

        thenFails(ErrorCode.INVALID_ARGUMENT, () -> this.storage.migrateTo(LATEST + 1));
        thenFails(ErrorCode.INVALID_ARGUMENT, () -> this.storage.migrateTo(-1));

        assertEquals(LATEST, this.storage.status().schemaVersion());
    }

    @Test
    void givenUpStepThatFails_whenOpened_thenStepIsRolledBackWhole() throws Exception {
        // an empty SchemaVersion (version 0) whose trigger makes the last statement of the step fail
        sql(dbFile(), "CREATE TABLE SchemaVersion (version INTEGER)",
                "CREATE TRIGGER refuse BEFORE INSERT ON SchemaVersion BEGIN SELECT RAISE(ABORT, 'refused'); END");

        IamException e = thenFails(ErrorCode.RUNTIME, () -> givenOpenStorage());

        assertTrue(e.getMessage().contains("from version 0 to 1") && e.getMessage().contains("refused"), e.getMessage());
        assertEquals(List.of("SchemaVersion"), tables(dbFile()));
        assertEquals(List.of(), query(dbFile(), "SELECT version FROM SchemaVersion"));
    }

    @Test
    void givenRowsAndVersion_whenStatus_thenPathVersionAndCounts() throws Exception {
        givenOpenStorage();
        this.storage.addCertInfo(cert("iam", 1, 1));
        this.storage.addCertInfo(cert("online", 1, 2));
        this.storage.setNodeInfo(NodeStorageTest.fullNode("n"));

        var status = this.storage.status();

        assertEquals(dbFile().toString(), status.location());
        assertEquals(LATEST, status.schemaVersion());
        assertEquals(Map.of("certificates", 2L, "nodeinfo", 1L, "revokedcerts", 0L, "nodekeypins", 0L, "credentials", 0L), status.rowCounts());
        this.storage.migrateTo(0);
        assertEquals(Map.of(), this.storage.status().rowCounts());
    }

    /** The scripts of a newer storage bundle: this bundle's, plus version 5 adding a column. */
    private static Optional<String> newerBundle(String name) {
        switch (name) {
            case "1_update.up.sql":
            case "1_update.down.sql":
            case "2_update.up.sql":
            case "2_update.down.sql":
            case "3_update.up.sql":
            case "3_update.down.sql":
            case "4_update.up.sql":
            case "4_update.down.sql":
                try (var in = Migrator.class.getResourceAsStream("/migrations/" + name)) {
                    return Optional.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            case "5_update.up.sql":
                return Optional.of("ALTER TABLE certificates ADD COLUMN comment TEXT;");
            case "5_update.down.sql":
                return Optional.of("ALTER TABLE certificates DROP COLUMN comment;");
            default:
                return Optional.empty();
        }
    }

    @Test
    void givenSchemaOfANewerBundle_whenTheOlderBundleOpensIt_thenItGoesBackWithTheStoredDownScriptKeepingRows()
            throws Exception {
        givenOpenStorage();
        this.storage.addCertInfo(cert("iam", 1, 1));
        closeStorage();
        Database db = Database.open(dbFile());
        try {
            Migrator newer = new Migrator(db, MigrationTest::newerBundle);
            assertEquals(5, newer.latest());
            assertEquals(5, newer.migrateTo(5));
        } finally {
            db.close();
        }
        assertEquals(List.of("1", "2", "3", "4", "5"),
                query(dbFile(), "SELECT version FROM SchemaDowngrades ORDER BY version"));

        whenReopened();

        assertEquals(LATEST, this.storage.status().schemaVersion());
        assertEquals(List.of(cert("iam", 1, 1)), this.storage.getCertsInfo("iam"));
        assertEquals(List.of("1", "2", "3", "4"), query(dbFile(), "SELECT version FROM SchemaDowngrades ORDER BY version"));
        assertEquals(List.of("0"), query(dbFile(), "SELECT COUNT(*) FROM pragma_table_info('certificates')"
                + " WHERE name = 'comment'"));
    }
}
