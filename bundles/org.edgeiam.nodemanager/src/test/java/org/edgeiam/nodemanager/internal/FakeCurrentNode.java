package org.edgeiam.nodemanager.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.edgeiam.api.Subscription;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeInfoListener;
import org.edgeiam.api.node.NodeState;

/**
 * A hand-written {@link CurrentNode}: the seam between the node manager and the current node
 * bundle, whose real service needs a machine-id, /proc files and a state file. It keeps the info
 * in memory and tells its subscribers synchronously, on the caller's thread.
 */
final class FakeCurrentNode implements CurrentNode {
    private final List<NodeInfoListener> listeners = new CopyOnWriteArrayList<>();
    private volatile NodeInfo info;

    FakeCurrentNode(NodeInfo info) {
        this.info = info;
    }

    @Override
    public NodeInfo nodeInfo() {
        return this.info;
    }

    @Override
    public void setState(NodeState state) {
        if (this.info.state() != state) {
            this.info = this.info.toBuilder().state(state).build();
            this.listeners.forEach(l -> l.nodeInfoChanged(this.info));
        }
    }

    @Override
    public Subscription subscribe(NodeInfoListener listener) {
        this.listeners.add(listener);
        return () -> this.listeners.remove(listener);
    }

    int subscribers() {
        return this.listeners.size();
    }
}
