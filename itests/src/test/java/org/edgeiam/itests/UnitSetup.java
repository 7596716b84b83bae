package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.edgeiam.grpc.iamanager.v6.ApplyCertRequest;
import org.edgeiam.grpc.iamanager.v6.ApplyCertResponse;
import org.edgeiam.grpc.iamanager.v6.CreateKeyRequest;
import org.edgeiam.grpc.iamanager.v6.CreateKeyResponse;
import org.edgeiam.grpc.iamanager.v6.FinishProvisioningRequest;
import org.edgeiam.grpc.iamanager.v6.IAMCertificateServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMProvisioningServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicNodesServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.StartProvisioningRequest;

import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;

/** Configurations and provisioning steps shared by the tests that run runtime processes. */
final class UnitSetup {
    private UnitSetup() {
    }

    /**
     * @return an AosEdge configuration on loopback with software cert modules ({@code %DIR%},
     *         {@code %PUBLIC%}, {@code %PROTECTED%} filled in by {@link RuntimeNode})
     */
    static String config(TestCa ca, String nodeInfo, List<String> modules, String extra) {
        StringBuilder certModules = new StringBuilder();
        for (String id : modules) {
            certModules.append(certModules.length() == 0 ? "" : ",").append("""
                    {"id": "%1$s", "plugin": "softmodule", "algorithm": "ecc", "maxItems": 2,
                     "extendedKeyUsage": ["serverAuth", "clientAuth"], "alternativeNames": ["localhost"],
                     "params": {"storePath": "%%DIR%%/keys/%1$s", "userPinPath": "%%DIR%%/keys/%1$s/.usrpin"}}
                    """.formatted(id));
        }
        return """
                {"iamPublicServerURL": "127.0.0.1:%%PUBLIC%%", "iamProtectedServerURL": "127.0.0.1:%%PROTECTED%%",
                 "caCert": "%s", "certStorage": "iam", "nodeReconnectInterval": "1s",
                 "workingDir": "%%DIR%%/work", "identifier": {"plugin": "none"},
                 "nodeInfo": {"nodeIDPath": "%%DIR%%/node-id", "provisioningStatePath": "%%DIR%%/work/.provisionstate",
                   %s},
                 "certModules": [%s]%s}
                """.formatted(ca.cert(), nodeInfo, certModules, extra);
    }

    /** Provisions the node in provisioning mode (its {@code iam} type signed by the CA), then stops it. */
    static void provisionMainNode(RuntimeNode main, TestCa ca, String password, String subject) throws Exception {
        main.start(true).awaitLog("protected gRPC server listening on");
        ManagedChannel ch = main.plaintext(main.protectedPort);
        try {
            awaitAnswer(ch);
            IAMProvisioningServiceGrpc.IAMProvisioningServiceBlockingStub prov = IAMProvisioningServiceGrpc
                    .newBlockingStub(ch);
            assertFalse(prov.startProvisioning(StartProvisioningRequest.newBuilder().setPassword(password).build())
                    .hasError());
            provisionType(ch, "", "iam", subject, ca, password);
            assertFalse(prov.finishProvisioning(FinishProvisioningRequest.newBuilder().setPassword(password).build())
                    .hasError());
        } finally {
            ch.shutdownNow();
        }
        main.stop();
    }

    /**
     * Starts the node in provisioning mode, calls StartProvisioning and provisions the given cert
     * types (CreateKey, openssl signs, ApplyCert).
     *
     * @return a plaintext channel to the protected server, for the caller to shut down
     */
    static ManagedChannel startProvisioned(RuntimeNode node, TestCa ca, String password, String... types)
            throws Exception {
        node.start(true);
        ManagedChannel ch = node.plaintext(node.protectedPort);
        awaitAnswer(ch);
        assertEquals("", IAMProvisioningServiceGrpc.newBlockingStub(ch).startProvisioning(
                StartProvisioningRequest.newBuilder().setPassword(password).build()).getError().getMessage());
        for (String type : types) {
            provisionType(ch, "", type, "edgeiam-test", ca, password);
        }
        return ch;
    }

    /** CreateKey, openssl signs, ApplyCert; checks the answers. */
    static void provisionType(ManagedChannel ch, String nodeId, String type, String subject, TestCa ca,
            String password)
            throws Exception {
        IAMCertificateServiceGrpc.IAMCertificateServiceBlockingStub certs = IAMCertificateServiceGrpc
                .newBlockingStub(ch);
        CreateKeyResponse key = certs.createKey(CreateKeyRequest.newBuilder().setNodeId(nodeId).setType(type)
                .setSubject(subject).setPassword(password).build());
        assertEquals(key.getError().getMessage(), type, key.getType());
        assertTrue(key.getCsr(), key.getCsr().startsWith("-----BEGIN CERTIFICATE REQUEST-----"));
        String chain = ca.sign(key.getCsr(), 30);
        ApplyCertResponse applied = certs.applyCert(ApplyCertRequest.newBuilder().setNodeId(nodeId).setType(type)
                .setCert(chain).build());
        assertEquals(applied.getError().getMessage(), ca.serialOf(chain),
                applied.getCertInfo().getSerial().toStringUtf8());
        if (!nodeId.isEmpty()) {
            assertEquals(nodeId, applied.getNodeId());
        }
    }

    /** Retries a call until the runtime answers (30 s at most). */
    static void awaitAnswer(ManagedChannel ch) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                IAMPublicNodesServiceGrpc.newBlockingStub(ch).withDeadlineAfter(2, TimeUnit.SECONDS)
                        .getAllNodeIDs(Empty.getDefaultInstance());
                return;
            } catch (StatusRuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
