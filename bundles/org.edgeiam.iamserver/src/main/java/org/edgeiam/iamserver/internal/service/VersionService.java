package org.edgeiam.iamserver.internal.service;

import org.edgeiam.grpc.iamanager.APIVersion;
import org.edgeiam.grpc.iamanager.IAMVersionServiceGrpc;
import org.edgeiam.iamserver.internal.GrpcService;
import org.osgi.service.component.annotations.Component;

import com.google.protobuf.Empty;

import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;

/** {@code iamanager.IAMVersionService}: the API version this server speaks, 6. */
@Component(property = {GrpcService.SERVERS + "=" + GrpcService.PUBLIC,
        GrpcService.SERVERS + "=" + GrpcService.PROTECTED})
public class VersionService extends IAMVersionServiceGrpc.IAMVersionServiceImplBase implements GrpcService {
    /** The iamanager API version EdgeIAM implements. */
    public static final long API_VERSION = 6;
    private static final APIVersion ANSWER = APIVersion.newBuilder().setVersion(API_VERSION).build();

    @Override
    public void getAPIVersion(Empty request, StreamObserver<APIVersion> response) {
        response.onNext(ANSWER);
        response.onCompleted();
    }

    @Override
    public ServerServiceDefinition definition() {
        return bindService();
    }
}
