package org.edgeiam.iamserver.internal.convert;

import java.util.Map;

import org.edgeiam.api.node.CpuInfo;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.PartitionInfo;
import org.edgeiam.grpc.common.v2.ArchInfo;
import org.edgeiam.grpc.common.v2.OSInfo;
import org.edgeiam.grpc.iamanager.v6.CPUInfo;
import org.edgeiam.grpc.iamanager.v6.NodeAttribute;
import org.edgeiam.iamserver.internal.GrpcErrors;

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
        info.error().ifPresent(e -> b.setError(GrpcErrors.toErrorInfo(e)));
        return b.build();
    }
}
