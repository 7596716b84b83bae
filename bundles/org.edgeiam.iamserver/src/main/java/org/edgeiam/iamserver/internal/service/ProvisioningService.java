package org.edgeiam.iamserver.internal.service;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.provisioning.ProvisionManager;
import org.edgeiam.grpc.common.v2.ErrorInfo;
import org.edgeiam.grpc.iamanager.v6.CertTypes;
import org.edgeiam.grpc.iamanager.v6.DeprovisionRequest;
import org.edgeiam.grpc.iamanager.v6.DeprovisionResponse;
import org.edgeiam.grpc.iamanager.v6.FinishProvisioningRequest;
import org.edgeiam.grpc.iamanager.v6.FinishProvisioningResponse;
import org.edgeiam.grpc.iamanager.v6.GetCertTypesRequest;
import org.edgeiam.grpc.iamanager.v6.IAMProvisioningServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.StartProvisioningRequest;
import org.edgeiam.grpc.iamanager.v6.StartProvisioningResponse;
import org.edgeiam.iamserver.internal.GrpcErrors;
import org.edgeiam.iamserver.internal.GrpcService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * {@code IAMProvisioningService} (protected server, main node). Business failures go into the
 * responses' {@code error} field with status OK; GetCertTypes has no such field and fails with
 * a status. Passwords are passed on, never logged.
 */
@Component(property = GrpcService.SERVERS + "=" + GrpcService.PROTECTED)
public class ProvisioningService extends IAMProvisioningServiceGrpc.IAMProvisioningServiceImplBase
        implements GrpcService {
    private static final String NAME = "IAMProvisioningService";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ProvisionManager provisionManager;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CurrentNode currentNode;

    @Override
    public void getCertTypes(GetCertTypesRequest request, StreamObserver<CertTypes> response) {
        try {
            NodeInfo self = NodeScope.requireMain(currentNode, NAME);
            NodeScope.requireLocal(self, request.getNodeId());
            response.onNext(CertTypes.newBuilder().addAllTypes(manager().certTypes()).build());
            response.onCompleted();
        } catch (IamException e) {
            response.onError(GrpcErrors.toStatus(e));
        } catch (StatusRuntimeException e) {
            response.onError(e);
        }
    }

    @Override
    public void startProvisioning(StartProvisioningRequest request, StreamObserver<StartProvisioningResponse> response) {
        ErrorInfo error = run(request.getNodeId(), m -> m.startProvisioning(request.getPassword()), response);
        if (error != null) {
            response.onNext(error == NO_ERROR ? StartProvisioningResponse.getDefaultInstance()
                    : StartProvisioningResponse.newBuilder().setError(error).build());
            response.onCompleted();
        }
    }

    @Override
    public void finishProvisioning(FinishProvisioningRequest request,
            StreamObserver<FinishProvisioningResponse> response) {
        ErrorInfo error = run(request.getNodeId(), m -> m.finishProvisioning(request.getPassword()), response);
        if (error != null) {
            response.onNext(error == NO_ERROR ? FinishProvisioningResponse.getDefaultInstance()
                    : FinishProvisioningResponse.newBuilder().setError(error).build());
            response.onCompleted();
        }
    }

    @Override
    public void deprovision(DeprovisionRequest request, StreamObserver<DeprovisionResponse> response) {
        ErrorInfo error = run(request.getNodeId(), m -> m.deprovision(request.getPassword()), response);
        if (error != null) {
            response.onNext(error == NO_ERROR ? DeprovisionResponse.getDefaultInstance()
                    : DeprovisionResponse.newBuilder().setError(error).build());
            response.onCompleted();
        }
    }

    private static final ErrorInfo NO_ERROR = ErrorInfo.getDefaultInstance();

    /** @return NO_ERROR, an error for the response, or null if the call already ended with a status */
    private ErrorInfo run(String nodeId, Operation op, StreamObserver<?> response) {
        try {
            NodeInfo self = NodeScope.requireMain(currentNode, NAME);
            NodeScope.requireLocal(self, nodeId);
            op.run(manager());
            return NO_ERROR;
        } catch (IamException e) {
            return GrpcErrors.toErrorInfo(e);
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return null;
        }
    }

    private ProvisionManager manager() throws IamException {
        ProvisionManager m = provisionManager;
        if (m == null) {
            throw new IamException(ErrorCode.UNAVAILABLE, "provisioning is not available");
        }
        return m;
    }

    @FunctionalInterface
    private interface Operation {
        void run(ProvisionManager manager) throws IamException;
    }

    @Override
    public ServerServiceDefinition definition() {
        return bindService();
    }
}
