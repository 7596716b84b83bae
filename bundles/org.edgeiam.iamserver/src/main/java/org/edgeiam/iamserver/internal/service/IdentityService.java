package org.edgeiam.iamserver.internal.service;

import java.util.List;

import org.edgeiam.api.identity.SystemInfo;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.grpc.iamanager.v6.IAMPublicIdentityServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.Subjects;
import org.edgeiam.iamserver.internal.GrpcErrors;
import org.edgeiam.iamserver.internal.GrpcService;
import org.edgeiam.iamserver.internal.StreamSubscriptions;
import org.edgeiam.spi.identifier.Identifier;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.google.protobuf.Empty;

import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * {@code IAMPublicIdentityService} (main node): system info and subjects from the identifier
 * plugin that is running. Without one, calls answer UNAVAILABLE ("ident provider is not
 * available", as AosEdge); when a plugin is swapped for another, open subject streams stay open
 * and follow the new one.
 */
@Component(property = {GrpcService.SERVERS + "=" + GrpcService.PUBLIC,
        GrpcService.SERVERS + "=" + GrpcService.PROTECTED})
public class IdentityService extends IAMPublicIdentityServiceGrpc.IAMPublicIdentityServiceImplBase
        implements GrpcService {
    private static final String NAME = "IAMPublicIdentityService";
    private static final int STREAM_BUFFER = 64;

    private final StreamSubscriptions<Identifier> streams = new StreamSubscriptions<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CurrentNode currentNode;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindIdentifier(Identifier id) {
        streams.bind(id);
    }

    void unbindIdentifier(Identifier id) {
        streams.unbind(id);
    }

    @Deactivate
    void deactivate() {
        streams.closeAll();
    }

    @Override
    public void getSystemInfo(Empty request, StreamObserver<org.edgeiam.grpc.iamanager.v6.SystemInfo> response) {
        GrpcErrors.answer(response, () -> {
            SystemInfo info = identifier().systemInfo();
            return org.edgeiam.grpc.iamanager.v6.SystemInfo.newBuilder().setSystemId(info.systemId())
                    .setUnitModel(info.unitModel()).setVersion(info.version()).build();
        });
    }

    @Override
    public void getSubjects(Empty request, StreamObserver<Subjects> response) {
        GrpcErrors.answer(response, () -> subjects(identifier().subjects()));
    }

    @Override
    public void subscribeSubjectsChanged(Empty request, StreamObserver<Subjects> response) {
        try {
            NodeScope.requireMain(currentNode, NAME);
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        }
        streams.serve(response, "subjects", STREAM_BUFFER,
                (id, send) -> id.subscribeSubjectsChanged(s -> send.accept(subjects(s))));
    }

    private Identifier identifier() {
        NodeScope.requireMain(currentNode, NAME);
        Identifier id = streams.backend();
        if (id == null) {
            throw Status.UNAVAILABLE.withDescription("ident provider is not available").asRuntimeException();
        }
        return id;
    }

    private static Subjects subjects(List<String> list) {
        return Subjects.newBuilder().addAllSubjects(list).build();
    }

    @Override
    public ServerServiceDefinition definition() {
        return bindService();
    }
}
