package org.edgeiam.iamserver.internal.service;

import org.edgeiam.api.permissions.PermissionHandler;
import org.edgeiam.grpc.iamanager.v6.IAMPermissionsServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.RegisterInstanceRequest;
import org.edgeiam.grpc.iamanager.v6.RegisterInstanceResponse;
import org.edgeiam.grpc.iamanager.v6.UnregisterInstanceRequest;
import org.edgeiam.iamserver.internal.GrpcErrors;
import org.edgeiam.iamserver.internal.GrpcService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.google.protobuf.Empty;

import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;

/** {@code IAMPermissionsService} (protected server): instance registration. Secrets are never logged. */
@Component(property = GrpcService.SERVERS + "=" + GrpcService.PROTECTED)
public class PermissionsService extends IAMPermissionsServiceGrpc.IAMPermissionsServiceImplBase implements GrpcService {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PermissionHandler permissionHandler;

    @Override
    public void registerInstance(RegisterInstanceRequest request, StreamObserver<RegisterInstanceResponse> response) {
        GrpcErrors.answer(response, () -> {
            String secret = PermissionsServices.require(permissionHandler).registerInstance(
                    PermissionsServices.ident(request.getInstance()),
                    PermissionsServices.permissions(request.getPermissionsMap()));
            return RegisterInstanceResponse.newBuilder().setSecret(secret).build();
        });
    }

    @Override
    public void unregisterInstance(UnregisterInstanceRequest request, StreamObserver<Empty> response) {
        GrpcErrors.answer(response, () -> {
            PermissionsServices.require(permissionHandler).unregisterInstance(PermissionsServices.ident(request.getInstance()));
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public ServerServiceDefinition definition() {
        return bindService();
    }
}
