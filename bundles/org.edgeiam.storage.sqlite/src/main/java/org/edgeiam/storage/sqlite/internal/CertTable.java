package org.edgeiam.storage.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code certificates} table: one row per certificate, keyed by (issuer, serial), with
 * {@code notAfter} as Unix time in nanoseconds like the AosEdge reference. A 64-bit nanosecond count
 * ends in April 2262, so later instants (such as the RFC 5280 "no expiry" 9999-12-31) are stored as
 * the largest count and read back as 2262-04-11T23:47:16.854775807Z; earlier ones likewise clamp.
 */
final class CertTable {
    private static final Logger LOG = LoggerFactory.getLogger(CertTable.class);
    private static final String COLUMNS = "type, issuer, serial, certURL, keyURL, notAfter";
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Database db;

    CertTable(Database db) {
        this.db = db;
    }

    void add(CertInfo cert) throws IamException {
        this.db.transaction("add certificate", c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO certificates (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, cert.type());
                s.setBytes(2, cert.issuer());
                s.setBytes(3, cert.serial());
                s.setString(4, cert.certUrl());
                s.setString(5, cert.keyUrl());
                s.setLong(6, toNanos(cert.notAfter()));
                s.executeUpdate();
            } catch (SQLException e) {
                if (Database.isConstraintViolation(e)) {
                    throw new IamException(ErrorCode.ALREADY_EXIST, "a certificate with serial " + cert.serialHex()
                            + " of that issuer is stored already (type " + cert.type() + ")", e);
                }
                throw e;
            }
            return null;
        });
        LOG.debug("added certificate type={} serial={} cert={} key={}", cert.type(), cert.serialHex(),
                Redact.url(cert.certUrl()), Redact.url(cert.keyUrl()));
    }

    void remove(String type, String certUrl) throws IamException {
        this.db.transaction("remove certificate", c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM certificates WHERE type = ? AND certURL = ?")) {
                s.setString(1, type);
                s.setString(2, certUrl);
                if (s.executeUpdate() == 0) {
                    throw new IamException(ErrorCode.NOT_FOUND,
                            "no certificate of type " + type + " with URL " + Redact.url(certUrl));
                }
            }
            return null;
        });
        LOG.debug("removed certificate type={} cert={}", type, Redact.url(certUrl));
    }

    void removeAll(String type) throws IamException {
        int removed = this.db.transaction("remove certificates of a type", c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM certificates WHERE type = ?")) {
                s.setString(1, type);
                return s.executeUpdate();
            }
        });
        LOG.debug("removed {} certificates of type {}", removed, type);
    }

    CertInfo get(byte[] issuer, byte[] serial) throws IamException {
        List<CertInfo> found = this.db.transaction("get certificate", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM certificates WHERE issuer = ? AND serial = ?")) {
                s.setBytes(1, issuer);
                s.setBytes(2, serial);
                return read(s);
            }
        });
        if (found.isEmpty()) {
            throw new IamException(ErrorCode.NOT_FOUND,
                    "no certificate with serial " + HexFormat.of().formatHex(serial) + " of that issuer");
        }
        return found.get(0);
    }

    List<CertInfo> getAll(String type) throws IamException {
        return this.db.transaction("get certificates of a type", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM certificates WHERE type = ? ORDER BY rowid")) {
                s.setString(1, type);
                return read(s);
            }
        });
    }

    private static List<CertInfo> read(PreparedStatement s) throws SQLException {
        List<CertInfo> certs = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                // certURL and keyURL may be NULL in a reference database; CertInfo wants strings
                certs.add(new CertInfo(rs.getString(1), rs.getBytes(2), rs.getBytes(3), orEmpty(rs.getString(4)),
                        orEmpty(rs.getString(5)), fromNanos(rs.getLong(6))));
            }
        }
        return certs;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static long toNanos(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), NANOS_PER_SECOND), t.getNano());
        } catch (ArithmeticException e) {
            return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static Instant fromNanos(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }
}
