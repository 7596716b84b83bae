package org.edgeiam.storage.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code revokedcerts} table (schema version 2): certificates that trimming removed, kept
 * until their {@code notAfter} so that the protected server can refuse them as client
 * certificates. Revoking moves a row from {@code certificates} to here in one transaction.
 */
final class RevokedTable {
    private static final Logger LOG = LoggerFactory.getLogger(RevokedTable.class);

    private final Database db;

    RevokedTable(Database db) {
        this.db = db;
    }

    void revoke(CertInfo cert, Instant now) throws IamException {
        int expired = this.db.transaction("revoke certificate", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM certificates WHERE type = ? AND issuer = ? AND serial = ?")) {
                s.setString(1, cert.type());
                s.setBytes(2, cert.issuer());
                s.setBytes(3, cert.serial());
                if (s.executeUpdate() == 0) {
                    throw new IamException(ErrorCode.NOT_FOUND,
                            "no certificate of type " + cert.type() + " with serial " + cert.serialHex());
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT OR REPLACE INTO revokedcerts "
                    + "(issuer, serial, type, notAfter, revokedAt) VALUES (?, ?, ?, ?, ?)")) {
                s.setBytes(1, cert.issuer());
                s.setBytes(2, cert.serial());
                s.setString(3, cert.type());
                s.setLong(4, CertTable.toNanos(cert.notAfter()));
                s.setLong(5, CertTable.toNanos(now));
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM revokedcerts WHERE notAfter < ?")) {
                s.setLong(1, CertTable.toNanos(now));
                return s.executeUpdate();
            }
        });
        LOG.debug("revoked certificate type={} serial={}; {} expired revocations dropped", cert.type(),
                cert.serialHex(), expired);
    }

    boolean isRevoked(byte[] issuer, byte[] serial, Instant now) throws IamException {
        return this.db.transaction("look up revoked certificate", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT 1 FROM revokedcerts WHERE issuer = ? AND serial = ? AND notAfter >= ?")) {
                s.setBytes(1, issuer);
                s.setBytes(2, serial);
                s.setLong(3, CertTable.toNanos(now));
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    java.util.List<CertInfo> all(Instant now) throws IamException {
        return this.db.transaction("list revoked certificates", c -> {
            java.util.List<CertInfo> out = new java.util.ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT type, issuer, serial, notAfter FROM revokedcerts WHERE notAfter >= ?")) {
                s.setLong(1, CertTable.toNanos(now));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new CertInfo(rs.getString(1), rs.getBytes(2), rs.getBytes(3), "", "",
                                CertTable.fromNanos(rs.getLong(4))));
                    }
                }
            }
            return out;
        });
    }
}
