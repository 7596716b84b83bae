package org.edgeiam.iamclient.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.node.CpuInfo;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeInfoListener;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.api.node.PartitionInfo;

/** An in-memory current node that tells its subscribers about every change, at once. */
final class FakeCurrentNode implements CurrentNode {
    static final String NODE_ID = "node-1";

    private final List<NodeInfoListener> listeners = new CopyOnWriteArrayList<>();
    private volatile NodeInfo info;

    FakeCurrentNode(NodeState state) {
        this.info = NodeInfo.builder(NODE_ID).nodeType("secondary").title("Secondary").maxDmips(5000)
                .totalRam(1 << 30).attrs(Map.of("AosComponents", "iam,sm"))
                .cpus(List.of(new CpuInfo("test cpu", 2, 4, "x86_64", "", 0)))
                .partitions(List.of(new PartitionInfo("workdir", List.of("generic"), "/var", 4096)))
                .state(state).build();
    }

    @Override
    public NodeInfo nodeInfo() {
        return info;
    }

    @Override
    public void setState(NodeState state) throws IamException {
        if (info.state() != state) {
            change(info.toBuilder().state(state).build());
        }
    }

    /** Replaces the node information and tells the subscribers. */
    void change(NodeInfo newInfo) {
        info = newInfo;
        listeners.forEach(l -> l.nodeInfoChanged(newInfo));
    }

    @Override
    public Subscription subscribe(NodeInfoListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    int subscribers() {
        return listeners.size();
    }
}
