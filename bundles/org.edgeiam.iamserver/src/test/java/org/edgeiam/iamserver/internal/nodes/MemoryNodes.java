package org.edgeiam.iamserver.internal.nodes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeInfoListener;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.api.nodes.NodeManager;
import org.edgeiam.api.nodes.NodeStatus;

/** The node registry and the main node, in memory, for the controller's tests. */
final class MemoryNodes implements NodeManager, CurrentNode {
    static final String MAIN = "main";

    final Map<String, NodeStatus> nodes = new ConcurrentSkipListMap<>();
    final Map<String, List<String>> pins = new ConcurrentSkipListMap<>();

    @Override
    public List<String> nodeIds() {
        return List.copyOf(nodes.keySet());
    }

    @Override
    public NodeStatus node(String nodeId) throws IamException {
        NodeStatus status = nodes.get(nodeId);
        if (status == null) {
            throw new IamException(ErrorCode.NOT_FOUND, "node " + nodeId + " is unknown");
        }
        return status;
    }

    @Override
    public List<NodeStatus> nodes() {
        return List.copyOf(nodes.values());
    }

    @Override
    public void setNodeInfo(NodeInfo info, boolean connected) {
        nodes.put(info.nodeId(), new NodeStatus(info, connected, Optional.empty()));
    }

    @Override
    public synchronized void setNodeState(String nodeId, NodeState state) throws IamException {
        NodeStatus s = node(nodeId);
        nodes.put(nodeId, new NodeStatus(s.info().toBuilder().state(state).build(), s.connected(), s.lastSeen()));
    }

    @Override
    public void setConnected(String nodeId, boolean connected) throws IamException {
        NodeStatus s = node(nodeId);
        nodes.put(nodeId, new NodeStatus(s.info(), connected, s.lastSeen()));
    }

    @Override
    public Subscription subscribe(NodeInfoListener listener) {
        return () -> { };
    }

    @Override
    public void remove(String nodeId) throws IamException {
        node(nodeId);
        nodes.remove(nodeId);
        pins.remove(nodeId);
    }

    @Override
    public synchronized boolean evictUnprovisioned(String nodeId) {
        NodeStatus s = nodes.get(nodeId);
        if (s == null || s.info().state() != NodeState.UNPROVISIONED) {
            return false;
        }
        nodes.remove(nodeId);
        return true;
    }

    @Override
    public List<String> keyPins(String nodeId) {
        return pins.getOrDefault(nodeId, List.of());
    }

    @Override
    public void pinKey(String nodeId, String spkiSha256) {
        List<String> list = new java.util.ArrayList<>(keyPins(nodeId));
        list.remove(spkiSha256);
        list.add(0, spkiSha256);
        pins.put(nodeId, List.copyOf(list));
    }

    @Override
    public void clearKeyPins(String nodeId) {
        pins.remove(nodeId);
    }

    @Override
    public NodeInfo nodeInfo() {
        return NodeInfo.builder(MAIN).attrs(Map.of(NodeInfo.MAIN_NODE_ATTRIBUTE, "")).state(NodeState.PROVISIONED)
                .build();
    }

    @Override
    public void setState(NodeState state) {
        throw new UnsupportedOperationException();
    }

    boolean connected(String nodeId) {
        NodeStatus s = nodes.get(nodeId);
        return s != null && s.connected();
    }

    Optional<NodeState> state(String nodeId) {
        return Optional.ofNullable(nodes.get(nodeId)).map(s -> s.info().state());
    }
}
