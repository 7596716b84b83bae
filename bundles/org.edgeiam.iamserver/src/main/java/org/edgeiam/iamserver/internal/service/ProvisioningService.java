package org.edgeiam.iamserver.internal.service;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.provisioning.ProvisionManager;
import org.edgeiam.grpc.iamanager.v6.CertTypes;
import org.edgeiam.grpc.iamanager.v6.DeprovisionRequest;
import org.edgeiam.grpc.iamanager.v6.DeprovisionResponse;
import org.edgeiam.grpc.iamanager.v6.FinishProvisioningRequest;
import org.edgeiam.grpc.iamanager.v6.FinishProvisioningResponse;
import org.edgeiam.grpc.iamanager.v6.GetCertTypesRequest;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMProvisioningServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.StartProvisioningRequest;
import org.edgeiam.grpc.iamanager.v6.StartProvisioningResponse;
import org.edgeiam.iamserver.internal.GrpcErrors;
import org.edgeiam.iamserver.internal.GrpcService;
import org.edgeiam.iamserver.internal.Hold;
import org.edgeiam.iamserver.internal.nodes.NodeController;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;

/**
 * {@code IAMProvisioningService} (protected server, main node), for this node or, forwarded, for
 * a secondary one. Business failures go into the responses' {@code error} field with status OK;
 * GetCertTypes has no such field and fails with a status. Passwords are passed on, never logged.
 */
@Component(property = GrpcService.SERVERS + "=" + GrpcService.PROTECTED)
public class ProvisioningService extends IAMProvisioningServiceGrpc.IAMProvisioningServiceImplBase
        implements GrpcService {
    private static final String NAME = "IAMProvisioningService";

    private final ForwardingCall<StartProvisioningResponse> start = new ForwardingCall<>(NAME,
            e -> StartProvisioningResponse.newBuilder().setError(e).build(), false);
    private final ForwardingCall<FinishProvisioningResponse> finish = new ForwardingCall<>(NAME,
            e -> FinishProvisioningResponse.newBuilder().setError(e).build(), false);
    private final ForwardingCall<DeprovisionResponse> deprovision = new ForwardingCall<>(NAME,
            e -> DeprovisionResponse.newBuilder().setError(e).build(), false);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ProvisionManager provisionManager;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CurrentNode currentNode;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeController nodeController;

    @Override
    public void getCertTypes(GetCertTypesRequest request, StreamObserver<CertTypes> response) {
        GrpcErrors.answer(response, () -> {
            NodeInfo self = NodeScope.requireMain(currentNode, NAME);
            CertTypes types = NodeScope.isLocal(self, request.getNodeId())
                    ? CertTypes.newBuilder().addAllTypes(manager().certTypes()).build()
                    : NodeScope.controller(nodeController).forward(request.getNodeId(),
                            IAMIncomingMessages.newBuilder().setGetCertTypesRequest(request).build())
                            .getCertTypesResponse();
            return types;
        });
    }

    @Override
    public void startProvisioning(StartProvisioningRequest request, StreamObserver<StartProvisioningResponse> response) {
        start.run(() -> currentNode, () -> nodeController, request.getNodeId(), self -> {
            Hold.retrying(this::manager).startProvisioning(request.getPassword());
            return StartProvisioningResponse.getDefaultInstance();
        }, IAMIncomingMessages.newBuilder().setStartProvisioningRequest(request).build(),
                IAMOutgoingMessages::getStartProvisioningResponse, response);
    }

    @Override
    public void finishProvisioning(FinishProvisioningRequest request,
            StreamObserver<FinishProvisioningResponse> response) {
        finish.run(() -> currentNode, () -> nodeController, request.getNodeId(), self -> {
            Hold.retrying(this::manager).finishProvisioning(request.getPassword());
            return FinishProvisioningResponse.getDefaultInstance();
        }, IAMIncomingMessages.newBuilder().setFinishProvisioningRequest(request).build(),
                IAMOutgoingMessages::getFinishProvisioningResponse, response);
    }

    @Override
    public void deprovision(DeprovisionRequest request, StreamObserver<DeprovisionResponse> response) {
        deprovision.run(() -> currentNode, () -> nodeController, request.getNodeId(), self -> {
            Hold.retrying(this::manager).deprovision(request.getPassword());
            return DeprovisionResponse.getDefaultInstance();
        }, IAMIncomingMessages.newBuilder().setDeprovisionRequest(request).build(),
                IAMOutgoingMessages::getDeprovisionResponse, response);
    }

    private ProvisionManager manager() throws IamException {
        ProvisionManager m = provisionManager;
        if (m == null) {
            throw new IamException(ErrorCode.UNAVAILABLE, "provisioning is not available");
        }
        return m;
    }

    @Override
    public ServerServiceDefinition definition() {
        return bindService();
    }
}
