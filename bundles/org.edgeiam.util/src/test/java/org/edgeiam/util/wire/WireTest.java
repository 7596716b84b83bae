package org.edgeiam.util.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.ErrorInfo;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeState;
import org.junit.jupiter.api.Test;

/** The wire forms of NodeInfo, ApplyCert's CertInfo and ErrorInfo. */
class WireTest {

    @Test
    void errorInfoCarriesTheAosEdgeNumber() {
        org.edgeiam.grpc.common.v2.ErrorInfo wire = ErrorInfoProto.toProto(new IamException(ErrorCode.WRONG_STATE, "w"));
        assertEquals(9, wire.getAosCode());
        assertEquals(0, wire.getExitCode());
        assertEquals("w", wire.getMessage());
        assertEquals(100, ErrorInfoProto.toProto(new ErrorInfo(ErrorCode.UNAVAILABLE, 5, "u")).getAosCode());
        assertEquals(5, ErrorInfoProto.toProto(new ErrorInfo(ErrorCode.UNAVAILABLE, 5, "u")).getExitCode());
    }

    @Test
    void appliedCertHasTypeUrlAndHexSerialOnly() {
        CertInfo cert = new CertInfo("iam", new byte[] {1, 2}, new byte[] {0x0A, (byte) 0xBC}, "file:/c", "file:/k",
                Instant.EPOCH);

        org.edgeiam.grpc.iamanager.v6.CertInfo wire = CertInfoProto.forApplyCert(cert);

        assertEquals(org.edgeiam.grpc.iamanager.v6.CertInfo.newBuilder().setType("iam").setCertUrl("file:/c")
                .setSerial(com.google.protobuf.ByteString.copyFromUtf8("0abc")).build(), wire);
    }

    @Test
    void nodeInfoInErrorCarriesTheError() {
        NodeInfo info = NodeInfo.builder("n").error(new ErrorInfo(ErrorCode.INVALID_ARGUMENT, 0, "bad state file"))
                .build();

        org.edgeiam.grpc.iamanager.v6.NodeInfo wire = NodeInfoProto.toProto(info);

        assertEquals("error", wire.getState());
        assertEquals(6, wire.getError().getAosCode());
        assertEquals("bad state file", wire.getError().getMessage());
        assertEquals("unprovisioned", NodeInfoProto.toProto(NodeInfo.builder("n").state(NodeState.UNPROVISIONED).build())
                .getState());
    }

    @Test
    void nodeInfoSurvivesTheRoundTrip() throws Exception {
        NodeInfo info = NodeInfo.builder("sec-1").nodeType("secondary").title("t").maxDmips(7).totalRam(1024)
                .physicalRam(512).osInfo(new org.edgeiam.api.node.OsInfo("linux", "6.1", java.util.List.of("f")))
                .cpus(java.util.List.of(new org.edgeiam.api.node.CpuInfo("A72", 4, 8, "aarch64", "v8", 100)))
                .partitions(java.util.List.of(new org.edgeiam.api.node.PartitionInfo("var", java.util.List.of("generic"),
                        "/var", 42)))
                .attrs(java.util.Map.of("AosComponents", "sm")).state(NodeState.PAUSED).build();
        assertEquals(info, NodeInfoProto.fromProto(NodeInfoProto.toProto(info)));
        NodeInfo failed = NodeInfo.builder("n").error(new ErrorInfo(ErrorCode.INVALID_ARGUMENT, 3, "bad")).build();
        assertEquals(failed, NodeInfoProto.fromProto(NodeInfoProto.toProto(failed)));
    }

    @Test
    void nodeInfoWithoutIdOrWithAnUnknownStateIsRefusedNamingTheField() {
        IamException noId = org.junit.jupiter.api.Assertions.assertThrows(IamException.class,
                () -> NodeInfoProto.fromProto(org.edgeiam.grpc.iamanager.v6.NodeInfo.newBuilder().setState("paused").build()));
        assertEquals("NodeInfo.node_id is empty", noId.getMessage());
        IamException badState = org.junit.jupiter.api.Assertions.assertThrows(IamException.class,
                () -> NodeInfoProto.fromProto(org.edgeiam.grpc.iamanager.v6.NodeInfo.newBuilder().setNodeId("n")
                        .setState("sleeping").build()));
        assertEquals("NodeInfo.state 'sleeping' is not a node state", badState.getMessage());
    }

    @Test
    void unknownAosCodesBecomeFailed() {
        assertEquals(new ErrorInfo(ErrorCode.FAILED, 0, "?"), ErrorInfoProto.fromProto(
                org.edgeiam.grpc.common.v2.ErrorInfo.newBuilder().setAosCode(77).setMessage("?").build()));
    }
}
