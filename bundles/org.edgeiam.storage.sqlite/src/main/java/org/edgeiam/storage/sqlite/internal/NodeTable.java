package org.edgeiam.storage.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.NodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code nodeinfo} table: one row per node, keyed by node ID, holding the node as JSON
 * ({@link NodeInfoJson}). Node IDs are listed in the order the nodes were first stored.
 */
final class NodeTable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeTable.class);

    private final Database db;

    NodeTable(Database db) {
        this.db = db;
    }

    void set(NodeInfo node) throws IamException {
        String json = NodeInfoJson.toJson(node);
        this.db.transaction("store node info", c -> {
            // an upsert keeps the rowid, and with it the node's place in getAllIds()
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO nodeinfo (id, info) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET info = excluded.info")) {
                s.setString(1, node.nodeId());
                s.setString(2, json);
                return s.executeUpdate();
            }
        });
        LOG.debug("stored node {} in state {}", node.nodeId(), node.state().wireName());
    }

    Optional<NodeInfo> get(String nodeId) throws IamException {
        Optional<String> json = this.db.transaction("get node info", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT info FROM nodeinfo WHERE id = ?")) {
                s.setString(1, nodeId);
                try (ResultSet rs = s.executeQuery()) {
                    // an SQL NULL info reads as an empty object: a node with defaults
                    return rs.next() ? Optional.of(rs.getString(1) == null ? "{}" : rs.getString(1)) : Optional.empty();
                }
            }
        });
        return json.isEmpty() ? Optional.empty() : Optional.of(NodeInfoJson.fromJson(nodeId, json.get()));
    }

    List<String> getAllIds() throws IamException {
        return this.db.transaction("get all node IDs", c -> {
            List<String> ids = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM nodeinfo ORDER BY rowid")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    void remove(String nodeId) throws IamException {
        this.db.transaction("remove node info", c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM nodeinfo WHERE id = ?")) {
                s.setString(1, nodeId);
                if (s.executeUpdate() == 0) {
                    throw new IamException(ErrorCode.NOT_FOUND, "node " + nodeId + " is not stored");
                }
            }
            return null;
        });
        LOG.debug("removed node {}", nodeId);
    }
}
