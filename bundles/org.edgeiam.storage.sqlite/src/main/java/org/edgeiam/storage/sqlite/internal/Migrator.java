package org.edgeiam.storage.sqlite.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the schema of a {@link Database} between versions, one version per step. Version {@code n}
 * is reached from {@code n-1} by the bundle resource {@code /migrations/n_update.up.sql} and left
 * back to {@code n-1} by {@code n_update.down.sql} (the naming of the AosEdge reference); the
 * newest version is the highest {@code n} with both scripts. Each step runs its script and updates
 * {@code SchemaVersion} in one transaction, so a failed step leaves the schema at the version
 * before it. Version 0 is a database without our tables.
 *
 * <p>Every up step also stores its down script in {@code SchemaDowngrades}, so that an older
 * bundle, which does not know the newer versions, can still go back to its own version after a
 * field rollback of the storage bundle. A database newer than the code without those scripts is
 * refused and left untouched.
 */
final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    private static final String RESOURCE_DIR = "/migrations/";
    private static final String VERSION_TABLE = "SchemaVersion";
    private static final String DOWNGRADES_TABLE = "SchemaDowngrades";

    private final Database db;
    private final Function<String, Optional<String>> scripts;
    private final int latest;

    /** @param db the database; scripts come from this bundle's {@code /migrations/} */
    Migrator(Database db) {
        this(db, Migrator::bundled);
    }

    /**
     * @param db the database
     * @param scripts script text by file name, e.g. {@code 1_update.up.sql}
     */
    Migrator(Database db, Function<String, Optional<String>> scripts) {
        this.db = db;
        this.scripts = scripts;
        int n = 0;
        while (scripts.apply(upScript(n + 1)).isPresent() && scripts.apply(downScript(n + 1)).isPresent()) {
            n++;
        }
        this.latest = n;
    }

    /** @return the newest schema version this code knows */
    int latest() {
        return this.latest;
    }

    /**
     * @return the schema version stored in the database, 0 if there is none
     * @throws IamException {@code RUNTIME} on a database error (e.g. the file is not SQLite)
     */
    int storedVersion() throws IamException {
        return this.db.transaction("read schema version", Migrator::readVersion);
    }

    /**
     * Throws if the stored schema is newer than this code and cannot be brought back to it. Reads
     * only.
     *
     * @return the stored version
     * @throws IamException {@code NOT_SUPPORTED} naming the file, both versions and the missing
     *         down script
     */
    int checkSupported() throws IamException {
        return this.db.transaction("check schema version", c -> {
            int stored = readVersion(c);
            for (int v = stored; v > this.latest; v--) {
                if (storedDownScript(c, v).isEmpty()) {
                    throw new IamException(ErrorCode.NOT_SUPPORTED, this.db.file() + " has schema version " + stored
                            + ", newer than version " + this.latest + " that this EdgeIAM supports, and holds no"
                            + " down script for version " + v + "; left untouched");
                }
            }
            return stored;
        });
    }

    /**
     * Migrates up or down to the target version, one step at a time. Versions newer than this code
     * are left with the down scripts the newer code stored.
     *
     * @param target the wanted version, 0 to {@link #latest()}
     * @return the version now stored
     * @throws IamException {@code INVALID_ARGUMENT} for a target out of range, {@code NOT_SUPPORTED}
     *         for a newer stored version without down scripts, {@code RUNTIME} if a step fails
     */
    int migrateTo(int target) throws IamException {
        if (target < 0 || target > this.latest) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    "schema version " + target + " is out of range 0.." + this.latest);
        }
        int version = checkSupported();
        if (version > this.latest) {
            LOG.warn("{}: schema version {} was written by a newer EdgeIAM; going back to version {} with the down"
                    + " scripts it stored (data of the newer versions is lost)", this.db.file(), version, this.latest);
        }
        while (version != target) {
            boolean up = version < target;
            int next = up ? version + 1 : version - 1;
            step(version, next, up);
            version = next;
        }
        return version;
    }

    private void step(int from, int to, boolean up) throws IamException {
        List<String> statements = from > this.latest ? null : split(script(up ? upScript(to) : downScript(from)));
        String down = up ? script(downScript(to)) : null;
        this.db.transaction("migrate schema from version " + from + " to " + to, c -> {
            if (readVersion(c) != from) {
                throw new IamException(ErrorCode.WRONG_STATE, this.db.file() + ": schema version changed during migration");
            }
            List<String> sql = statements != null ? statements : split(storedDownScript(c, from).orElseThrow());
            try (Statement s = c.createStatement()) {
                for (String statement : sql) {
                    s.executeUpdate(statement);
                }
                s.executeUpdate("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " (version INTEGER)");
                s.executeUpdate("DELETE FROM " + VERSION_TABLE);
                s.executeUpdate("CREATE TABLE IF NOT EXISTS " + DOWNGRADES_TABLE
                        + " (version INTEGER PRIMARY KEY, script TEXT NOT NULL)");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + VERSION_TABLE + " (version) VALUES (?)")) {
                p.setInt(1, to);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(up
                    ? "INSERT OR REPLACE INTO " + DOWNGRADES_TABLE + " (version, script) VALUES (?, ?)"
                    : "DELETE FROM " + DOWNGRADES_TABLE + " WHERE version = ?")) {
                p.setInt(1, up ? to : from);
                if (up) {
                    p.setString(2, down);
                }
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

    private static Optional<String> storedDownScript(Connection c, int version) throws SQLException {
        if (!Database.tableExists(c, DOWNGRADES_TABLE)) {
            return Optional.empty();
        }
        try (PreparedStatement p = c.prepareStatement("SELECT script FROM " + DOWNGRADES_TABLE + " WHERE version = ?")) {
            p.setInt(1, version);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static String upScript(int version) {
        return version + "_update.up.sql";
    }

    private static String downScript(int version) {
        return version + "_update.down.sql";
    }

    private String script(String name) throws IamException {
        return this.scripts.apply(name).orElseThrow(() -> new IamException(ErrorCode.RUNTIME,
                "migration script " + RESOURCE_DIR + name + " is missing from the bundle"));
    }

    private static Optional<String> bundled(String name) {
        try (InputStream in = Migrator.class.getResourceAsStream(RESOURCE_DIR + name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration script " + name, e);
        }
    }

    /**
     * Splits a script into statements: {@code --} comments are dropped, and a statement ends with
     * {@code ;} at the end of a line. Scripts therefore must not contain triggers or a {@code ;}
     * at a line end inside a string literal.
     */
    static List<String> split(String text) {
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
