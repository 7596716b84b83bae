package org.edgeiam.iamclient.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.api.node.CpuInfo;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.PartitionInfo;
import org.edgeiam.grpc.common.v2.ArchInfo;
import org.edgeiam.grpc.common.v2.ErrorInfo;
import org.edgeiam.grpc.common.v2.OSInfo;
import org.edgeiam.grpc.iamanager.v6.CPUInfo;
import org.edgeiam.grpc.iamanager.v6.NodeAttribute;

import com.google.protobuf.ByteString;

/**
 * API values as the v6 wire carries them, as the main node's servers fill them: NodeInfo field
 * for field, ApplyCert's CertInfo with the serial as lower-case hex text in its bytes field, and
 * {@code common.v2.ErrorInfo} with the AosEdge error number.
 */
final class Protos {
    private Protos() {
    }

    /**
     * @param info this node's information
     * @return the wire NodeInfo
     */
    static org.edgeiam.grpc.iamanager.v6.NodeInfo nodeInfo(NodeInfo info) {
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
        info.error().ifPresent(e -> b.setError(errorInfo(e)));
        return b.build();
    }

    /**
     * @param cert the applied certificate
     * @return type, cert URL and the serial as lower-case hex text (AosEdge's ApplyCert quirk)
     */
    static org.edgeiam.grpc.iamanager.v6.CertInfo appliedCert(CertInfo cert) {
        return org.edgeiam.grpc.iamanager.v6.CertInfo.newBuilder().setType(cert.type()).setCertUrl(cert.certUrl())
                .setSerial(ByteString.copyFrom(cert.serialHex(), StandardCharsets.US_ASCII)).build();
    }

    /**
     * @param e a failure
     * @return the wire ErrorInfo for a response's error field
     */
    static ErrorInfo errorInfo(IamException e) {
        return errorInfo(e.toErrorInfo());
    }

    /**
     * @param e an error value
     * @return the wire ErrorInfo: AosEdge error number, exit code, message
     */
    static ErrorInfo errorInfo(org.edgeiam.api.ErrorInfo e) {
        return ErrorInfo.newBuilder().setAosCode(e.code().aosCode()).setExitCode(e.exitCode())
                .setMessage(e.message()).build();
    }
}
