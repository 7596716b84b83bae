package org.edgeiam.api.node;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.edgeiam.api.ErrorInfo;

/**
 * Immutable information about one node of the unit: the fields of {@code iamanager.v6.NodeInfo}.
 * Build with {@link #builder(String)} or change a copy with {@link #toBuilder()}.
 *
 * @since 1.0
 */
public final class NodeInfo {
    /** Attribute whose presence (any value, name case-insensitive) marks the main node. */
    public static final String MAIN_NODE_ATTRIBUTE = "MainNode";

    private final String nodeId;
    private final String nodeType;
    private final String title;
    private final long maxDmips;
    private final long totalRam;
    private final long physicalRam;
    private final OsInfo osInfo;
    private final List<CpuInfo> cpus;
    private final List<PartitionInfo> partitions;
    private final Map<String, String> attrs;
    private final NodeState state;
    private final ErrorInfo error;

    private NodeInfo(Builder b) {
        this.nodeId = b.nodeId;
        this.nodeType = b.nodeType;
        this.title = b.title;
        this.maxDmips = b.maxDmips;
        this.totalRam = b.totalRam;
        this.physicalRam = b.physicalRam;
        this.osInfo = b.osInfo;
        this.cpus = List.copyOf(b.cpus);
        this.partitions = List.copyOf(b.partitions);
        this.attrs = Collections.unmodifiableMap(new LinkedHashMap<>(b.attrs));
        this.state = b.state;
        this.error = b.error;
    }

    /**
     * @param nodeId the node ID, not empty
     * @return a builder with empty defaults and state {@code UNPROVISIONED}
     */
    public static Builder builder(String nodeId) {
        return new Builder(nodeId);
    }

    /** @return a builder initialised with this node's values */
    public Builder toBuilder() {
        Builder b = new Builder(nodeId).nodeType(nodeType).title(title).maxDmips(maxDmips)
                .totalRam(totalRam).physicalRam(physicalRam).osInfo(osInfo).cpus(cpus)
                .partitions(partitions).attrs(attrs).state(state);
        b.error = error;
        return b;
    }

    /** @return the node ID */
    public String nodeId() {
        return nodeId;
    }

    /** @return the node type, e.g. {@code main} */
    public String nodeType() {
        return nodeType;
    }

    /** @return the human-readable title (the config's {@code nodeName}) */
    public String title() {
        return title;
    }

    /** @return the node's maximum DMIPS */
    public long maxDmips() {
        return maxDmips;
    }

    /** @return total RAM in bytes */
    public long totalRam() {
        return totalRam;
    }

    /** @return physical RAM in bytes, 0 if unknown */
    public long physicalRam() {
        return physicalRam;
    }

    /** @return the operating system */
    public OsInfo osInfo() {
        return osInfo;
    }

    /** @return the CPUs, unmodifiable */
    public List<CpuInfo> cpus() {
        return cpus;
    }

    /** @return the partitions, unmodifiable */
    public List<PartitionInfo> partitions() {
        return partitions;
    }

    /** @return the attributes in configuration order, unmodifiable */
    public Map<String, String> attrs() {
        return attrs;
    }

    /** @return the provisioning state */
    public NodeState state() {
        return state;
    }

    /** @return the error that put the node into state {@code ERROR}, if any */
    public Optional<ErrorInfo> error() {
        return Optional.ofNullable(error);
    }

    /** @return whether this node is the unit's main node (has a {@code MainNode} attribute) */
    public boolean isMainNode() {
        return attrs.keySet().stream().anyMatch(MAIN_NODE_ATTRIBUTE::equalsIgnoreCase);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NodeInfo)) {
            return false;
        }
        NodeInfo n = (NodeInfo) o;
        return maxDmips == n.maxDmips && totalRam == n.totalRam && physicalRam == n.physicalRam
                && nodeId.equals(n.nodeId) && nodeType.equals(n.nodeType) && title.equals(n.title)
                && osInfo.equals(n.osInfo) && cpus.equals(n.cpus) && partitions.equals(n.partitions)
                && attrs.equals(n.attrs) && state == n.state && Objects.equals(error, n.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodeId, nodeType, title, state, totalRam, partitions, attrs);
    }

    @Override
    public String toString() {
        return "NodeInfo[" + nodeId + ", type=" + nodeType + ", state=" + state.wireName() + "]";
    }

    /** Builds {@link NodeInfo} values. Not thread-safe. */
    public static final class Builder {
        private final String nodeId;
        private String nodeType = "";
        private String title = "";
        private long maxDmips;
        private long totalRam;
        private long physicalRam;
        private OsInfo osInfo = new OsInfo("", "", List.of());
        private List<CpuInfo> cpus = List.of();
        private List<PartitionInfo> partitions = List.of();
        private Map<String, String> attrs = Map.of();
        private NodeState state = NodeState.UNPROVISIONED;
        private ErrorInfo error;

        private Builder(String nodeId) {
            this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        }

        /** @param v node type @return this */
        public Builder nodeType(String v) {
            nodeType = Objects.requireNonNull(v);
            return this;
        }

        /** @param v title @return this */
        public Builder title(String v) {
            title = Objects.requireNonNull(v);
            return this;
        }

        /** @param v maximum DMIPS @return this */
        public Builder maxDmips(long v) {
            maxDmips = v;
            return this;
        }

        /** @param v total RAM in bytes @return this */
        public Builder totalRam(long v) {
            totalRam = v;
            return this;
        }

        /** @param v physical RAM in bytes @return this */
        public Builder physicalRam(long v) {
            physicalRam = v;
            return this;
        }

        /** @param v operating system @return this */
        public Builder osInfo(OsInfo v) {
            osInfo = Objects.requireNonNull(v);
            return this;
        }

        /** @param v CPUs @return this */
        public Builder cpus(List<CpuInfo> v) {
            cpus = List.copyOf(v);
            return this;
        }

        /** @param v partitions @return this */
        public Builder partitions(List<PartitionInfo> v) {
            partitions = List.copyOf(v);
            return this;
        }

        /** @param v attributes; iteration order is kept @return this */
        public Builder attrs(Map<String, String> v) {
            attrs = new LinkedHashMap<>(v);
            return this;
        }

        /**
         * Sets the state and clears any error.
         *
         * @param v state
         * @return this
         */
        public Builder state(NodeState v) {
            state = Objects.requireNonNull(v);
            error = null;
            return this;
        }

        /**
         * Puts the node into state {@code ERROR} with the given reason.
         *
         * @param v why the node is in error
         * @return this
         */
        public Builder error(ErrorInfo v) {
            state = NodeState.ERROR;
            error = Objects.requireNonNull(v);
            return this;
        }

        /** @return the node information */
        public NodeInfo build() {
            return new NodeInfo(this);
        }
    }
}
