package org.edgeiam.util.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.CpuInfo;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.api.node.OsInfo;
import org.edgeiam.api.node.PartitionInfo;
import org.edgeiam.grpc.common.v2.ArchInfo;
import org.edgeiam.grpc.common.v2.OSInfo;
import org.edgeiam.grpc.iamanager.v6.CPUInfo;
import org.edgeiam.grpc.iamanager.v6.NodeAttribute;

/** Converts {@link NodeInfo} to and from {@code iamanager.v6.NodeInfo}. */
public final class NodeInfoProto {
    private NodeInfoProto() {
    }

    /**
     * @param info API node information
     * @return the wire message
     */
    public static org.edgeiam.grpc.iamanager.v6.NodeInfo toProto(NodeInfo info) {
        org.edgeiam.grpc.iamanager.v6.NodeInfo.Builder b = org.edgeiam.grpc.iamanager.v6.NodeInfo.newBuilder()
                .setNodeId(info.nodeId())
                .setNodeType(info.nodeType())
                .setTitle(info.title())
                .setMaxDmips(info.maxDmips())
                .setTotalRam(info.totalRam())
                .setPhysicalRam(info.physicalRam())
                .setOsInfo(OSInfo.newBuilder().setOs(info.osInfo().os()).setVersion(info.osInfo().version())
                        .addAllFeatures(info.osInfo().features()))
                .setState(info.state().wireName());
        for (CpuInfo cpu : info.cpus()) {
            b.addCpus(CPUInfo.newBuilder().setModelName(cpu.modelName()).setNumCores(cpu.numCores())
                    .setNumThreads(cpu.numThreads()).setMaxDmips(cpu.maxDmips())
                    .setArchInfo(ArchInfo.newBuilder().setArchitecture(cpu.architecture())
                            .setVariant(cpu.architectureVariant())));
        }
        for (PartitionInfo p : info.partitions()) {
            b.addPartitions(org.edgeiam.grpc.iamanager.v6.PartitionInfo.newBuilder().setName(p.name())
                    .addAllTypes(p.types()).setPath(p.path()).setTotalSize(p.totalSize()));
        }
        for (Map.Entry<String, String> attr : info.attrs().entrySet()) {
            b.addAttrs(NodeAttribute.newBuilder().setName(attr.getKey()).setValue(attr.getValue()));
        }
        info.error().ifPresent(e -> b.setError(ErrorInfoProto.toProto(e)));
        return b.build();
    }

    /**
     * @param wire a node's information as a secondary node sends it
     * @return the API value
     * @throws IamException {@code INVALID_ARGUMENT} naming the field if the node ID is empty or
     *         the state is not a node state
     */
    public static NodeInfo fromProto(org.edgeiam.grpc.iamanager.v6.NodeInfo wire) throws IamException {
        if (wire.getNodeId().isBlank()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "NodeInfo.node_id is empty");
        }
        NodeState state = NodeState.parse(wire.getState()).orElseThrow(() -> new IamException(
                ErrorCode.INVALID_ARGUMENT, "NodeInfo.state '" + wire.getState() + "' is not a node state"));
        List<CpuInfo> cpus = wire.getCpusList().stream().map(c -> new CpuInfo(c.getModelName(), c.getNumCores(),
                c.getNumThreads(), c.getArchInfo().getArchitecture(), c.getArchInfo().getVariant(), c.getMaxDmips()))
                .toList();
        List<PartitionInfo> partitions = wire.getPartitionsList().stream()
                .map(p -> new PartitionInfo(p.getName(), p.getTypesList(), p.getPath(), p.getTotalSize())).toList();
        Map<String, String> attrs = new LinkedHashMap<>();
        wire.getAttrsList().forEach(a -> attrs.put(a.getName(), a.getValue()));
        NodeInfo.Builder b = NodeInfo.builder(wire.getNodeId()).nodeType(wire.getNodeType()).title(wire.getTitle())
                .maxDmips(wire.getMaxDmips()).totalRam(wire.getTotalRam()).physicalRam(wire.getPhysicalRam())
                .osInfo(new OsInfo(wire.getOsInfo().getOs(), wire.getOsInfo().getVersion(),
                        wire.getOsInfo().getFeaturesList()))
                .cpus(cpus).partitions(partitions).attrs(attrs).state(state);
        if (state == NodeState.ERROR || wire.hasError()) {
            b.error(ErrorInfoProto.fromProto(wire.getError()));
        }
        return b.build();
    }
}
