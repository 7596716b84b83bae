package org.edgeiam.shell.internal;

import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.CpuInfo;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.PartitionInfo;
import org.edgeiam.api.nodes.NodeManager;
import org.edgeiam.api.nodes.NodeStatus;
import org.edgeiam.spi.storage.Storage;
import org.edgeiam.spi.storage.StorageStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo commands {@code iam:node} and {@code iam:db}. The backends are optional: a command whose
 * backend is missing says so instead of failing, so the shell helps most when things are broken.
 */
@Component(service = NodeCommands.class, property = {"osgi.command.scope=iam",
        "osgi.command.function=node", "osgi.command.function=nodes", "osgi.command.function=db",
        "osgi.command.function=noderemove"})
public class NodeCommands {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CurrentNode currentNode;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Storage storage;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeManager nodeManager;

    /** @return this node's information as text */
    @Descriptor("shows this node: ID, type, state, CPUs, RAM, partitions, attributes")
    public String node() {
        CurrentNode node = this.currentNode;
        if (node == null) {
            return "current node service is not available (is org.edgeiam.currentnode active and configured?)";
        }
        return format(node.nodeInfo());
    }

    /**
     * @param nodeId a secondary node that left the unit (or was reset)
     * @return what was done
     * @throws IamException NOT_FOUND for an unknown node, WRONG_STATE for the main node
     */
    @Descriptor("forgets a secondary node: its registration and the client keys bound to it, so that it can"
            + " register anew (e.g. after it was reset without Deprovision)")
    public String noderemove(@Descriptor("node ID") String nodeId) throws IamException {
        NodeManager m = this.nodeManager;
        if (m == null) {
            return "node manager is not available (is org.edgeiam.nodemanager active?)";
        }
        m.remove(nodeId);
        return "node " + nodeId + " removed\n";
    }

    /**
     * @param nodeId a node of the unit
     * @return that node's information as the node manager knows it
     * @throws IamException NOT_FOUND for an unknown node
     */
    @Descriptor("shows one node of the unit as the main node knows it")
    public String node(@Descriptor("node ID") String nodeId) throws IamException {
        NodeManager m = this.nodeManager;
        if (m == null) {
            return "node manager is not available (is org.edgeiam.nodemanager active?)";
        }
        NodeStatus s = m.node(nodeId);
        return format(s.info()) + String.format("%-12s %s%n", "connected", s.connected());
    }

    /** @return every node of the unit: state, connected, last seen */
    @Descriptor("lists the unit's nodes: ID, type, state, connected, last seen")
    public String nodes() {
        NodeManager m = this.nodeManager;
        if (m == null) {
            return "node manager is not available (is org.edgeiam.nodemanager active?)";
        }
        StringBuilder out = new StringBuilder();
        for (NodeStatus s : m.nodes()) {
            out.append(String.format("%-24s %-10s %-14s %-13s %s%n", s.info().nodeId(), s.info().nodeType(),
                    s.info().state().wireName(), s.connected() ? "connected" : "disconnected",
                    s.lastSeen().map(Object::toString).orElse("-")));
        }
        return out.length() == 0 ? "no node known\n" : out.toString();
    }

    /**
     * @return the storage's location, schema version and row counts
     * @throws IamException if the database cannot be read
     */
    @Descriptor("shows the database: file, schema version and row counts per table")
    public String db() throws IamException {
        Storage s = this.storage;
        if (s == null) {
            return "storage service is not available (is org.edgeiam.storage.sqlite active and configured?)";
        }
        StorageStatus status = s.status();
        StringBuilder out = new StringBuilder();
        out.append("location        ").append(status.location()).append('\n');
        out.append("schema version  ").append(status.schemaVersion()).append('\n');
        status.rowCounts().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.append(String.format("%-15s %d rows%n", e.getKey(), e.getValue())));
        return out.toString();
    }

    static String format(NodeInfo info) {
        StringBuilder out = new StringBuilder();
        line(out, "node ID", info.nodeId());
        line(out, "type", info.nodeType());
        line(out, "title", info.title());
        line(out, "state", info.state().wireName()
                + info.error().map(e -> " (" + e.message() + ")").orElse(""));
        line(out, "main node", Boolean.toString(info.isMainNode()));
        line(out, "OS", (info.osInfo().os() + " " + info.osInfo().version()).trim());
        line(out, "total RAM", info.totalRam() + " bytes");
        line(out, "max DMIPS", Long.toString(info.maxDmips()));
        for (CpuInfo cpu : info.cpus()) {
            line(out, "CPU", cpu.modelName() + ", " + cpu.numCores() + " cores, " + cpu.numThreads()
                    + " threads, " + cpu.architecture() + (cpu.architectureVariant().isEmpty() ? "" : "/" + cpu.architectureVariant()));
        }
        for (PartitionInfo p : info.partitions()) {
            line(out, "partition", p.name() + " " + p.types() + " at " + p.path() + ", " + p.totalSize() + " bytes");
        }
        info.attrs().forEach((name, value) -> line(out, "attribute", name + "=" + value));
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%-12s %s%n", label, value));
    }
}
