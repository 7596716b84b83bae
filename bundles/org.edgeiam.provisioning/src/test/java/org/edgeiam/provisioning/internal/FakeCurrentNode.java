package org.edgeiam.provisioning.internal;

import org.edgeiam.api.Subscription;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeInfoListener;
import org.edgeiam.api.node.NodeState;

/** A node whose state is a field. */
final class FakeCurrentNode implements CurrentNode {
    NodeState state = NodeState.UNPROVISIONED;

    @Override
    public NodeInfo nodeInfo() {
        return NodeInfo.builder("node-1").state(state).build();
    }

    @Override
    public void setState(NodeState changed) {
        this.state = changed;
    }

    @Override
    public Subscription subscribe(NodeInfoListener listener) {
        return () -> { };
    }
}
