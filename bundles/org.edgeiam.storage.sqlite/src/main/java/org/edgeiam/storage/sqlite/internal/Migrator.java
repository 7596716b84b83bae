package org.edgeiam.storage.sqlite.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the schema of a {@link Database} between versions, one version per step. Version {@code n}
 * is reached from {@code n-1} by the bundle resource {@code /migrations/n_update.up.sql} and left
 * back to {@code n-1} by {@code n_update.down.sql} (the naming of the AosEdge reference). Each step
 * runs its script and updates {@code SchemaVersion} in one transaction, so a failed step leaves the
 * schema at the version before it. Version 0 is a database without our tables.
 */
final class Migrator {
    /** The schema version this code reads and writes. */
    static final int CURRENT_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    private static final String RESOURCE_DIR = "/migrations/";
    private static final String VERSION_TABLE = "SchemaVersion";

    private final Database db;

    Migrator(Database db) {
        this.db = db;
    }

    /**
     * @return the schema version stored in the database, 0 if there is none
     * @throws IamException {@code RUNTIME} on a database error (e.g. the file is not SQLite)
     */
    int storedVersion() throws IamException {
        return this.db.transaction("read schema version", Migrator::readVersion);
    }

    /**
     * Throws if the stored schema is newer than this code. Reads only.
     *
     * @return the stored version
     * @throws IamException {@code NOT_SUPPORTED} naming the file and both versions
     */
    int checkSupported() throws IamException {
        int stored = storedVersion();
        if (stored > CURRENT_VERSION) {
            throw new IamException(ErrorCode.NOT_SUPPORTED, this.db.file() + " has schema version " + stored
                    + ", newer than version " + CURRENT_VERSION + " that this EdgeIAM supports; left untouched");
        }
        return stored;
    }

    /**
     * Migrates up or down to the target version, one step at a time.
     *
     * @param target the wanted version, 0 to {@link #CURRENT_VERSION}
     * @return the version now stored
     * @throws IamException {@code INVALID_ARGUMENT} for a target out of range, {@code NOT_SUPPORTED}
     *         for a stored version newer than this code, {@code RUNTIME} if a step fails
     */
    int migrateTo(int target) throws IamException {
        if (target < 0 || target > CURRENT_VERSION) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    "schema version " + target + " is out of range 0.." + CURRENT_VERSION);
        }
        int version = checkSupported();
        while (version != target) {
            boolean up = version < target;
            int next = up ? version + 1 : version - 1;
            step(version, next, up ? next + "_update.up.sql" : version + "_update.down.sql");
            version = next;
        }
        return version;
    }

    private void step(int from, int to, String script) throws IamException {
        List<String> statements = load(script);
        this.db.transaction("migrate schema from version " + from + " to " + to, c -> {
            if (readVersion(c) != from) {
                throw new IamException(ErrorCode.WRONG_STATE, this.db.file() + ": schema version changed during migration");
            }
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.executeUpdate(sql);
                }
                s.executeUpdate("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " (version INTEGER)");
                s.executeUpdate("DELETE FROM " + VERSION_TABLE);
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + VERSION_TABLE + " (version) VALUES (?)")) {
                p.setInt(1, to);
                p.executeUpdate();
            }
            return null;
        });
        LOG.info("{}: schema migrated from version {} to {}", this.db.file(), from, to);
    }

    /**
     * @param c the connection, inside a transaction
     * @return the stored schema version, 0 if there is none
     * @throws SQLException on a database error
     */
    static int readVersion(Connection c) throws SQLException {
        if (!Database.tableExists(c, VERSION_TABLE)) {
            return 0;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + VERSION_TABLE)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Loads a script from the bundle and splits it into statements: {@code --} comments are
     * dropped, and a statement ends with {@code ;} at the end of a line. Scripts therefore must not
     * contain triggers or a {@code ;} at a line end inside a string literal.
     */
    private List<String> load(String script) throws IamException {
        String text;
        try (InputStream in = Migrator.class.getResourceAsStream(RESOURCE_DIR + script)) {
            if (in == null) {
                throw new IamException(ErrorCode.RUNTIME, "migration script " + RESOURCE_DIR + script + " is missing from the bundle");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot read migration script " + script + ": " + e.getMessage(), e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                statements.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
