package org.edgeiam.storage.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.JDBC;

/**
 * Shared steps: a storage on a real SQLite file in a temporary directory, closed after each test,
 * plus direct SQL access to the file for checks the {@code Storage} API cannot make.
 */
abstract class StorageTestBase {
    @TempDir
    Path dir;

    SqliteStorage storage;

    @AfterEach
    void closeStorage() {
        if (this.storage != null) {
            this.storage.close();
        }
    }

    Path dbFile() {
        return this.dir.resolve("iamanager.db");
    }

    SqliteStorage givenOpenStorage() throws IamException {
        this.storage = new SqliteStorage(TestConfig.of(this.dir));
        return this.storage;
    }

    SqliteStorage whenReopened() throws IamException {
        this.storage.close();
        return givenOpenStorage();
    }

    static CertInfo cert(String type, int issuer, int serial) {
        return new CertInfo(type, new byte[] {0x30, 0x10, (byte) issuer}, new byte[] {0x01, (byte) serial},
                "pkcs11:token=aos;object=" + type + serial, "pkcs11:token=aos;object=" + type + serial + "-key",
                Instant.parse("2030-01-02T03:04:05.123456789Z"));
    }

    static IamException thenFails(ErrorCode code, Executable call) {
        IamException e = assertThrows(IamException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    /** Runs statements on the file through a connection of its own. */
    static void sql(Path file, String... statements) throws SQLException {
        try (Connection c = JDBC.createConnection("jdbc:sqlite:" + file, new Properties());
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.executeUpdate(statement);
            }
        }
    }

    /** @return the first column of every row of a query, as strings */
    static List<String> query(Path file, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = JDBC.createConnection("jdbc:sqlite:" + file, new Properties());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** @return the names of our tables present in the file, sorted */
    static List<String> tables(Path file) throws SQLException {
        return query(file, "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN "
                + "('certificates', 'nodeinfo', 'nodekeypins', 'revokedcerts', 'SchemaVersion', 'SchemaDowngrades') ORDER BY name");
    }
}
