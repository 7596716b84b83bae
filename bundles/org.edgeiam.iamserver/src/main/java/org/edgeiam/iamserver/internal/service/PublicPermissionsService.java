package org.edgeiam.iamserver.internal.service;

import org.edgeiam.api.permissions.InstancePermissions;
import org.edgeiam.api.permissions.PermissionHandler;
import org.edgeiam.grpc.iamanager.v6.IAMPublicPermissionsServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.PermissionsRequest;
import org.edgeiam.grpc.iamanager.v6.PermissionsResponse;
import org.edgeiam.iamserver.internal.GrpcErrors;
import org.edgeiam.iamserver.internal.GrpcService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;

/** {@code IAMPublicPermissionsService}: an instance's permissions on a functional server, by secret. */
@Component(property = {GrpcService.SERVERS + "=" + GrpcService.PUBLIC,
        GrpcService.SERVERS + "=" + GrpcService.PROTECTED})
public class PublicPermissionsService extends IAMPublicPermissionsServiceGrpc.IAMPublicPermissionsServiceImplBase
        implements GrpcService {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PermissionHandler permissionHandler;

    @Override
    public void getPermissions(PermissionsRequest request, StreamObserver<PermissionsResponse> response) {
        GrpcErrors.answer(response, () -> {
            InstancePermissions p = PermissionsServices.require(permissionHandler).getPermissions(request.getSecret(),
                    request.getFunctionalServerId());
            return PermissionsResponse.newBuilder().setInstance(PermissionsServices.proto(p.instance()))
                    .setPermissions(PermissionsServices.proto(p)).build();
        });
    }

    @Override
    public ServerServiceDefinition definition() {
        return bindService();
    }
}
