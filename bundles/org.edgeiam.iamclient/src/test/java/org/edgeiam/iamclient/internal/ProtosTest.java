package org.edgeiam.iamclient.internal;

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
class ProtosTest {

    @Test
    void errorInfoCarriesTheAosEdgeNumber() {
        org.edgeiam.grpc.common.v2.ErrorInfo wire = Protos.errorInfo(new IamException(ErrorCode.WRONG_STATE, "w"));
        assertEquals(9, wire.getAosCode());
        assertEquals(0, wire.getExitCode());
        assertEquals("w", wire.getMessage());
        assertEquals(100, Protos.errorInfo(new ErrorInfo(ErrorCode.UNAVAILABLE, 5, "u")).getAosCode());
        assertEquals(5, Protos.errorInfo(new ErrorInfo(ErrorCode.UNAVAILABLE, 5, "u")).getExitCode());
    }

    @Test
    void appliedCertHasTypeUrlAndHexSerialOnly() {
        CertInfo cert = new CertInfo("iam", new byte[] {1, 2}, new byte[] {0x0A, (byte) 0xBC}, "file:/c", "file:/k",
                Instant.EPOCH);

        org.edgeiam.grpc.iamanager.v6.CertInfo wire = Protos.appliedCert(cert);

        assertEquals(org.edgeiam.grpc.iamanager.v6.CertInfo.newBuilder().setType("iam").setCertUrl("file:/c")
                .setSerial(com.google.protobuf.ByteString.copyFromUtf8("0abc")).build(), wire);
    }

    @Test
    void nodeInfoInErrorCarriesTheError() {
        NodeInfo info = NodeInfo.builder("n").error(new ErrorInfo(ErrorCode.INVALID_ARGUMENT, 0, "bad state file"))
                .build();

        org.edgeiam.grpc.iamanager.v6.NodeInfo wire = Protos.nodeInfo(info);

        assertEquals("error", wire.getState());
        assertEquals(6, wire.getError().getAosCode());
        assertEquals("bad state file", wire.getError().getMessage());
        assertEquals("unprovisioned", Protos.nodeInfo(NodeInfo.builder("n").state(NodeState.UNPROVISIONED).build())
                .getState());
    }
}
