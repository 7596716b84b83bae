package org.edgeiam.storage.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.credentials.CertificateBinding;
import org.edgeiam.api.credentials.Credential;
import org.edgeiam.api.credentials.CredentialKind;
import org.edgeiam.api.credentials.CredentialState;
import org.edgeiam.spi.credentials.StoredCredential;

/**
 * The {@code credentials} table (schema version 4): device credentials of every tenant. Unique
 * indexes keep a username once per tenant and a certificate once overall.
 */
final class CredentialTable {
    private static final String COLUMNS = "id, tenantId, kind, clientId, username, passwordHash, certIssuer, "
            + "certSerial, certSha256, certNotBefore, certNotAfter, state, createdAt, updatedAt, lastUseAt, version";

    private final Database db;

    CredentialTable(Database db) {
        this.db = db;
    }

    void insert(StoredCredential stored) throws IamException {
        Credential c = stored.credential();
        this.db.transaction("add credential", con -> {
            try (PreparedStatement s = con.prepareStatement("INSERT INTO credentials (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, c.id());
                s.setString(2, c.tenantId());
                s.setString(3, c.kind().name());
                s.setString(4, c.clientId());
                s.setString(5, c.username());
                s.setString(6, stored.passwordHash());
                CertificateBinding b = c.certificate();
                s.setString(7, b == null ? null : b.issuer());
                s.setString(8, b == null ? null : b.serialNumber());
                s.setString(9, b == null ? null : b.sha256());
                setNanos(s, 10, b == null ? null : b.notBefore());
                setNanos(s, 11, b == null ? null : b.notAfter());
                s.setString(12, c.state().name());
                s.setLong(13, CertTable.toNanos(c.createdDate()));
                s.setLong(14, CertTable.toNanos(c.updatedDate()));
                setNanos(s, 15, c.lastUseDate());
                s.setLong(16, c.version());
                s.executeUpdate();
            } catch (SQLException e) {
                if (Database.isConstraintViolation(e)) {
                    throw new IamException(ErrorCode.ALREADY_EXIST, taken(c), e);
                }
                throw e;
            }
            return null;
        });
    }

    /** Names what made an insert fail: the username or the certificate (never the ID: it is random). */
    private static String taken(Credential c) {
        if (c.username() != null) {
            return "username '" + c.username() + "' is taken in tenant " + c.tenantId();
        }
        return "the certificate with serial number " + c.certificate().serialNumber() + " of '"
                + c.certificate().issuer() + "' is bound to a credential already";
    }

    boolean update(Credential c, long expectedVersion) throws IamException {
        return this.db.transaction("update credential", con -> {
            try (PreparedStatement s = con.prepareStatement("UPDATE credentials SET state = ?, updatedAt = ?, "
                    + "lastUseAt = ?, version = ? WHERE id = ? AND tenantId = ? AND version = ?")) {
                s.setString(1, c.state().name());
                s.setLong(2, CertTable.toNanos(c.updatedDate()));
                setNanos(s, 3, c.lastUseDate());
                s.setLong(4, c.version());
                s.setString(5, c.id());
                s.setString(6, c.tenantId());
                s.setLong(7, expectedVersion);
                return s.executeUpdate() == 1;
            }
        });
    }

    Optional<StoredCredential> one(String operation, String where, String... args) throws IamException {
        return this.db.withConnection(operation, con -> {
            try (PreparedStatement s = con.prepareStatement("SELECT " + COLUMNS + " FROM credentials WHERE " + where)) {
                for (int i = 0; i < args.length; i++) {
                    s.setString(i + 1, args[i]);
                }
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    List<Credential> list(String tenantId, CredentialKind kind, Set<CredentialState> states, int offset, int limit)
            throws IamException {
        return this.db.withConnection("list credentials", con -> {
            try (PreparedStatement s = con.prepareStatement("SELECT " + COLUMNS + " FROM credentials WHERE "
                    + filter(states) + " ORDER BY createdAt, id LIMIT ? OFFSET ?")) {
                int next = bind(s, tenantId, kind, states);
                s.setInt(next, limit);
                s.setInt(next + 1, offset);
                List<Credential> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs).credential());
                    }
                }
                return out;
            }
        });
    }

    int count(String tenantId, CredentialKind kind, Set<CredentialState> states) throws IamException {
        return this.db.withConnection("count credentials", con -> {
            try (PreparedStatement s = con.prepareStatement("SELECT COUNT(*) FROM credentials WHERE " + filter(states))) {
                bind(s, tenantId, kind, states);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    Map<String, Map<CredentialKind, Map<CredentialState, Integer>>> census() throws IamException {
        return this.db.withConnection("count credentials", con -> {
            Map<String, Map<CredentialKind, Map<CredentialState, Integer>>> out = new TreeMap<>();
            try (PreparedStatement s = con.prepareStatement(
                    "SELECT tenantId, kind, state, COUNT(*) FROM credentials GROUP BY tenantId, kind, state");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), t -> new EnumMap<>(CredentialKind.class))
                            .computeIfAbsent(CredentialKind.valueOf(rs.getString(2)),
                                    k -> new EnumMap<>(CredentialState.class))
                            .put(CredentialState.valueOf(rs.getString(3)), rs.getInt(4));
                }
            }
            return out;
        });
    }

    private static String filter(Set<CredentialState> states) {
        String where = "tenantId = ? AND kind = ?";
        if (!states.isEmpty()) {
            where += " AND state IN (" + states.stream().map(x -> "?").collect(Collectors.joining(", ")) + ")";
        }
        return where;
    }

    private static int bind(PreparedStatement s, String tenantId, CredentialKind kind, Set<CredentialState> states)
            throws SQLException {
        s.setString(1, tenantId);
        s.setString(2, kind.name());
        int i = 3;
        for (CredentialState state : states) {
            s.setString(i++, state.name());
        }
        return i;
    }

    private static StoredCredential read(ResultSet rs) throws SQLException {
        String issuer = rs.getString(7);
        CertificateBinding binding = issuer == null ? null
                : new CertificateBinding(issuer, rs.getString(8), rs.getString(9), nanos(rs, 10), nanos(rs, 11));
        Credential c = new Credential(rs.getString(1), rs.getString(2), CredentialKind.valueOf(rs.getString(3)),
                rs.getString(4), rs.getString(5), binding, CredentialState.valueOf(rs.getString(12)), nanos(rs, 13),
                nanos(rs, 14), nanos(rs, 15), rs.getLong(16));
        return new StoredCredential(c, rs.getString(6));
    }

    private static void setNanos(PreparedStatement s, int index, Instant at) throws SQLException {
        if (at == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setLong(index, CertTable.toNanos(at));
        }
    }

    private static Instant nanos(ResultSet rs, int index) throws SQLException {
        long v = rs.getLong(index);
        return rs.wasNull() ? null : CertTable.fromNanos(v);
    }
}
