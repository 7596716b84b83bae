package org.edgeiam.storage.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.edgeiam.api.IamException;

/**
 * The {@code nodekeypins} table (schema version 3): per secondary node, the public keys
 * (hex SHA-256 of the SubjectPublicKeyInfo) it may register with on the protected server. Adding
 * a pin and dropping the oldest beyond the bound happen in one transaction; {@code addedAt} is a
 * nanosecond counter that only grows, so "newest" holds even when two pins come in one instant.
 */
final class PinTable {
    private final Database db;

    PinTable(Database db) {
        this.db = db;
    }

    List<String> get(String nodeId) throws IamException {
        return this.db.transaction("get node key pins", c -> {
            List<String> pins = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT pin FROM nodekeypins WHERE nodeId = ? ORDER BY addedAt DESC")) {
                s.setString(1, nodeId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        pins.add(rs.getString(1));
                    }
                }
            }
            return pins;
        });
    }

    void add(String nodeId, String pin, int keep) throws IamException {
        this.db.transaction("add node key pin", c -> {
            long newest = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT MAX(addedAt) FROM nodekeypins WHERE nodeId = ?")) {
                s.setString(1, nodeId);
                try (ResultSet rs = s.executeQuery()) {
                    newest = rs.next() ? rs.getLong(1) : 0;
                }
            }
            long now = Math.max(System.currentTimeMillis() * 1_000_000L, newest + 1);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO nodekeypins (nodeId, pin, addedAt) VALUES (?, ?, ?)"
                    + " ON CONFLICT (nodeId, pin) DO UPDATE SET addedAt = excluded.addedAt")) {
                s.setString(1, nodeId);
                s.setString(2, pin);
                s.setLong(3, now);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM nodekeypins WHERE nodeId = ? AND pin NOT IN"
                    + " (SELECT pin FROM nodekeypins WHERE nodeId = ? ORDER BY addedAt DESC LIMIT ?)")) {
                s.setString(1, nodeId);
                s.setString(2, nodeId);
                s.setInt(3, Math.max(1, keep));
                s.executeUpdate();
            }
            return null;
        });
    }

    void remove(String nodeId) throws IamException {
        this.db.transaction("remove node key pins", c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM nodekeypins WHERE nodeId = ?")) {
                s.setString(1, nodeId);
                return s.executeUpdate();
            }
        });
    }
}
