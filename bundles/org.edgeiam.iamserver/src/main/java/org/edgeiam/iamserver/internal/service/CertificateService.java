package org.edgeiam.iamserver.internal.service;

import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.grpc.iamanager.v6.ApplyCertRequest;
import org.edgeiam.grpc.iamanager.v6.ApplyCertResponse;
import org.edgeiam.grpc.iamanager.v6.CreateKeyRequest;
import org.edgeiam.grpc.iamanager.v6.CreateKeyResponse;
import org.edgeiam.grpc.iamanager.v6.IAMCertificateServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.iamserver.internal.GrpcService;
import org.edgeiam.util.wire.CertInfoProto;
import org.edgeiam.iamserver.internal.nodes.NodeController;
import org.edgeiam.spi.identifier.Identifier;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;

/**
 * {@code IAMCertificateService} (protected server, main node): CreateKey and ApplyCert for this
 * node or, forwarded, for a secondary one. Business failures go into the response's {@code error}
 * field with status OK, as AosEdge does.
 */
@Component(property = GrpcService.SERVERS + "=" + GrpcService.PROTECTED)
public class CertificateService extends IAMCertificateServiceGrpc.IAMCertificateServiceImplBase
        implements GrpcService {
    private static final String NAME = "IAMCertificateService";

    private final ForwardingCall<CreateKeyResponse> createKey = new ForwardingCall<>(NAME,
            e -> CreateKeyResponse.newBuilder().setError(e).build());
    private final ForwardingCall<ApplyCertResponse> applyCert = new ForwardingCall<>(NAME,
            e -> ApplyCertResponse.newBuilder().setError(e).build());

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CertHandler certHandler;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeController nodeController;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CurrentNode currentNode;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Identifier identifier;

    @Override
    public void createKey(CreateKeyRequest request, StreamObserver<CreateKeyResponse> response) {
        createKey.run(() -> currentNode, () -> nodeController, request.getNodeId(), self -> {
            String csr = handler().createKey(request.getType(), subject(request.getSubject()), request.getPassword());
            return CreateKeyResponse.newBuilder().setNodeId(self.nodeId()).setType(request.getType()).setCsr(csr)
                    .build();
        }, forward(request), IAMOutgoingMessages::getCreateKeyResponse, response);
    }

    /** The main node fills an empty subject before forwarding, as AosEdge does. */
    private IAMIncomingMessages forward(CreateKeyRequest request) {
        CreateKeyRequest filled = request;
        if (request.getSubject().isEmpty()) {
            try {
                filled = request.toBuilder().setSubject(subject("")).build();
            } catch (IamException e) {
                // the secondary node uses its own identifier then, or reports the missing subject
            }
        }
        return IAMIncomingMessages.newBuilder().setCreateKeyRequest(filled).build();
    }

    @Override
    public void applyCert(ApplyCertRequest request, StreamObserver<ApplyCertResponse> response) {
        applyCert.run(() -> currentNode, () -> nodeController, request.getNodeId(), self -> {
            CertInfo cert = handler().applyCertificate(request.getType(), request.getCert());
            return ApplyCertResponse.newBuilder().setNodeId(self.nodeId()).setCertInfo(CertInfoProto.forApplyCert(cert))
                    .build();
        }, IAMIncomingMessages.newBuilder().setApplyCertRequest(request).build(),
                IAMOutgoingMessages::getApplyCertResponse, response);
    }

    /** An empty subject is the unit's system ID, when an identifier knows it (as AosEdge). */
    private String subject(String requested) throws IamException {
        Identifier id = identifier;
        if (!requested.isEmpty() || id == null) {
            return requested;
        }
        return id.systemInfo().systemId();
    }

    private CertHandler handler() throws IamException {
        CertHandler h = certHandler;
        if (h == null) {
            throw new IamException(org.edgeiam.api.ErrorCode.UNAVAILABLE, "certificate handler is not available");
        }
        return h;
    }

    @Override
    public ServerServiceDefinition definition() {
        return bindService();
    }
}
