package org.edgeiam.iamserver.internal.service;

import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.grpc.iamanager.v6.ApplyCertRequest;
import org.edgeiam.grpc.iamanager.v6.ApplyCertResponse;
import org.edgeiam.grpc.iamanager.v6.CreateKeyRequest;
import org.edgeiam.grpc.iamanager.v6.CreateKeyResponse;
import org.edgeiam.grpc.iamanager.v6.IAMCertificateServiceGrpc;
import org.edgeiam.iamserver.internal.GrpcErrors;
import org.edgeiam.iamserver.internal.GrpcService;
import org.edgeiam.iamserver.internal.convert.CertInfoProto;
import org.edgeiam.spi.identifier.Identifier;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * {@code IAMCertificateService} (protected server, main node): CreateKey and ApplyCert. Business
 * failures go into the response's {@code error} field with status OK, as AosEdge does.
 */
@Component(property = GrpcService.SERVERS + "=" + GrpcService.PROTECTED)
public class CertificateService extends IAMCertificateServiceGrpc.IAMCertificateServiceImplBase
        implements GrpcService {
    private static final String NAME = "IAMCertificateService";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CertHandler certHandler;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CurrentNode currentNode;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Identifier identifier;

    @Override
    public void createKey(CreateKeyRequest request, StreamObserver<CreateKeyResponse> response) {
        try {
            NodeInfo self = NodeScope.requireMain(currentNode, NAME);
            try {
                NodeScope.requireLocal(self, request.getNodeId());
                String csr = handler().createKey(request.getType(), subject(request.getSubject()), request.getPassword());
                response.onNext(CreateKeyResponse.newBuilder().setNodeId(self.nodeId()).setType(request.getType())
                        .setCsr(csr).build());
            } catch (IamException e) {
                response.onNext(CreateKeyResponse.newBuilder().setError(GrpcErrors.toErrorInfo(e)).build());
            }
            response.onCompleted();
        } catch (StatusRuntimeException e) {
            response.onError(e);
        }
    }

    @Override
    public void applyCert(ApplyCertRequest request, StreamObserver<ApplyCertResponse> response) {
        try {
            NodeInfo self = NodeScope.requireMain(currentNode, NAME);
            ApplyCertResponse.Builder reply = ApplyCertResponse.newBuilder().setNodeId(self.nodeId());
            try {
                NodeScope.requireLocal(self, request.getNodeId());
                CertInfo cert = handler().applyCertificate(request.getType(), request.getCert());
                reply.setCertInfo(CertInfoProto.forApplyCert(cert));
            } catch (IamException e) {
                reply.setError(GrpcErrors.toErrorInfo(e));
            }
            response.onNext(reply.build());
            response.onCompleted();
        } catch (StatusRuntimeException e) {
            response.onError(e);
        }
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
