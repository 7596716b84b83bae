package org.edgeiam.storage.sqlite.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * One SQLite file behind one JDBC connection, guarded by a lock. Every piece of work runs under
 * the lock, and {@link #transaction} runs it in a transaction that is rolled back when it fails.
 * Opening refuses, without touching it, a file that does not start with the SQLite header. The
 * connection is made through {@link SQLiteConfig#createConnection}, never through
 * {@code DriverManager}, whose service lookup does not see the driver across OSGi class loaders.
 */
final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int BUSY_TIMEOUT_MS = 5_000;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    /** Work on the connection; may fail with an SQL error or an {@link IamException}. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException, IamException;
    }

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens the file, creating it if it does not exist. Nothing is written yet: journal mode and
     * schema are left to the caller, which checks the schema version first.
     *
     * @param file the database file
     * @return the open database
     * @throws IamException {@code RUNTIME} if the file is not an SQLite database or cannot be opened
     */
    static Database open(Path file) throws IamException {
        checkSqliteHeader(file);
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // FULL, not NORMAL: writes are rare (a few per provisioning or renewal), and with NORMAL a
        // power cut may roll back a committed cert row whose key is already on the token.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        try {
            return new Database(file, config.createConnection("jdbc:sqlite:" + file));
        } catch (SQLException e) {
            throw failure(file, "open", e);
        }
    }

    /** @return the database file */
    Path file() {
        return this.file;
    }

    /**
     * Switches the file to write-ahead logging (a persistent change of the file header).
     *
     * @throws IamException {@code RUNTIME} on a database error
     */
    void enableWal() throws IamException {
        String mode = withConnection("enable WAL", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                return rs.next() ? rs.getString(1) : "";
            }
        });
        if (!"wal".equalsIgnoreCase(mode)) {
            LOG.warn("{}: journal mode stays {}, WAL is not available", this.file, mode);
        }
    }

    /**
     * Changes the schema in a transaction that is rolled back: a database that can only be read
     * (read-only file system, file or directory permissions) fails here, before anything depends
     * on it.
     *
     * @throws IamException {@code RUNTIME} naming the file if it cannot be written
     */
    void checkWritable() throws IamException {
        try {
            withConnection("check write access", c -> {
                try (Statement s = c.createStatement()) {
                    // SQLite opens a file it cannot write read-only and says so only at the first changed page
                    s.execute("BEGIN IMMEDIATE");
                    try {
                        s.execute("CREATE TABLE edgeiam_write_probe (x)");
                    } finally {
                        try {
                            s.execute("ROLLBACK");
                        } catch (SQLException alreadyRolledBack) {
                            LOG.debug("{}: write probe rolled back by SQLite itself", this.file);
                        }
                    }
                }
                return null;
            });
        } catch (IamException e) {
            throw new IamException(ErrorCode.RUNTIME, this.file + " cannot be written (read-only file system or"
                    + " permissions of " + this.file.getParent() + "?): " + e.getMessage(), e);
        }
    }

    /**
     * Runs work in one transaction: committed if it returns, rolled back if it throws.
     *
     * @param operation what the work does, for error messages
     * @param work the work
     * @return what the work returns
     * @throws IamException what the work throws; {@code RUNTIME} naming the operation for an SQL
     *         error; {@code UNAVAILABLE} after {@link #close()}
     */
    <T> T transaction(String operation, Work<T> work) throws IamException {
        return withConnection(operation, c -> {
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
                c.commit();
            } catch (SQLException | IamException | RuntimeException e) {
                rollback(c, operation, e);
                autoCommitAfterFailure(c, e);
                throw e;
            }
            c.setAutoCommit(true);
            return result;
        });
    }

    /**
     * Runs work under the lock, outside a transaction.
     *
     * @param operation what the work does, for error messages
     * @param work the work
     * @return what the work returns
     * @throws IamException as for {@link #transaction}
     */
    <T> T withConnection(String operation, Work<T> work) throws IamException {
        this.lock.lock();
        try {
            if (this.closed) {
                throw new IamException(ErrorCode.UNAVAILABLE, "SQLite storage " + this.file + " is closed");
            }
            return work.run(this.connection);
        } catch (SQLException e) {
            throw failure(this.file, operation, e);
        } finally {
            this.lock.unlock();
        }
    }

    /**
     * @param c the connection
     * @param table a table name
     * @return whether the table exists
     * @throws SQLException on a database error
     */
    static boolean tableExists(Connection c, String table) throws SQLException {
        try (var s = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * @param e an SQL error
     * @return whether it is a constraint violation (a duplicate key here)
     */
    static boolean isConstraintViolation(SQLException e) {
        return (e.getErrorCode() & 0xff) == 19;
    }

    /** Closes the connection; later calls fail with {@code UNAVAILABLE}. Idempotent. */
    @Override
    public void close() {
        this.lock.lock();
        try {
            if (!this.closed) {
                this.closed = true;
                this.connection.close();
            }
        } catch (SQLException e) {
            LOG.warn("{}: closing the connection failed: {}", this.file, e.getMessage());
        } finally {
            this.lock.unlock();
        }
    }

    /**
     * After SQLITE_FULL or an I/O error at commit SQLite has rolled back by itself; the rollback
     * then finds no transaction, which is only worth a debug line.
     */
    private void rollback(Connection c, String operation, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
            if (String.valueOf(e.getMessage()).contains("no transaction is active")) {
                LOG.debug("{}: {} failed and SQLite rolled it back already", this.file, operation);
            } else {
                LOG.warn("{}: rollback after failed {} failed: {}", this.file, operation, e.getMessage());
            }
        }
    }

    /** Back to auto-commit without letting its own error hide the failure that ended the transaction. */
    private static void autoCommitAfterFailure(Connection c, Exception cause) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static IamException failure(Path file, String operation, SQLException e) {
        int code = e.getErrorCode() & 0xff;
        String what = code == SQLITE_NOTADB ? file + " is not an SQLite database"
                : code == SQLITE_CORRUPT ? file + " is corrupt" : "SQLite storage " + file;
        return new IamException(ErrorCode.RUNTIME, what + ": " + operation + " failed: " + e.getMessage(), e);
    }

    private static void checkSqliteHeader(Path file) throws IamException {
        if (!Files.exists(file)) {
            return;
        }
        if (!Files.isRegularFile(file)) {
            throw new IamException(ErrorCode.RUNTIME, file + " is not a regular file, cannot use it as SQLite database");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(SQLITE_HEADER.length);
            // SQLite treats an empty file as an empty database, so that one is fine to use.
            if (head.length > 0 && !Arrays.equals(head, SQLITE_HEADER)) {
                throw new IamException(ErrorCode.RUNTIME,
                        file + " is not an SQLite database (no SQLite header); left untouched");
            }
        } catch (IOException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
