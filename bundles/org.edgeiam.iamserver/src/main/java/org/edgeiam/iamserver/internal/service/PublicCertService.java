package org.edgeiam.iamserver.internal.service;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.grpc.iamanager.v6.GetCertRequest;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCertServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.SubscribeCertChangedRequest;
import org.edgeiam.iamserver.internal.GrpcErrors;
import org.edgeiam.iamserver.internal.GrpcService;
import org.edgeiam.iamserver.internal.StreamSubscriptions;
import org.edgeiam.util.wire.CertInfoProto;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;

/**
 * {@code IAMPublicCertService}: the current (or an exact) certificate of a type, and changes of
 * the current one. Unlike AosEdge, a type without a certificate yet can be subscribed to (the
 * first notification is its first certificate); an unknown type is NOT_FOUND.
 */
@Component(property = {GrpcService.SERVERS + "=" + GrpcService.PUBLIC,
        GrpcService.SERVERS + "=" + GrpcService.PROTECTED})
public class PublicCertService extends IAMPublicCertServiceGrpc.IAMPublicCertServiceImplBase implements GrpcService {
    private static final int STREAM_BUFFER = 64;

    private final StreamSubscriptions<CertHandler> streams = new StreamSubscriptions<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindCertHandler(CertHandler handler) {
        streams.bind(handler);
    }

    void unbindCertHandler(CertHandler handler) {
        streams.unbind(handler);
    }

    @Deactivate
    void deactivate() {
        streams.closeAll();
    }

    @Override
    public void getCert(GetCertRequest request, StreamObserver<org.edgeiam.grpc.iamanager.v6.CertInfo> response) {
        GrpcErrors.answer(response, () -> {
            CertHandler handler = streams.backend();
            if (handler == null) {
                throw GrpcErrors.unavailable("certificate handler");
            }
            CertInfo cert = handler.getCertificate(request.getType(), request.getIssuer().toByteArray(),
                    CertInfoProto.serial(request.getSerial()));
            return CertInfoProto.forGetCert(cert);
        });
    }

    @Override
    public void subscribeCertChanged(SubscribeCertChangedRequest request,
            StreamObserver<org.edgeiam.grpc.iamanager.v6.CertInfo> response) {
        streams.serve(response, "certificate " + request.getType(), STREAM_BUFFER,
                (handler, send) -> {
                    if (!handler.certTypes().contains(request.getType())) {
                        // the handler would wait for the type; the wire API refuses it, as AosEdge
                        throw new IamException(ErrorCode.NOT_FOUND, "unknown cert type '" + request.getType() + "'");
                    }
                    return handler.subscribeCertChanged(request.getType(),
                            cert -> send.accept(CertInfoProto.forGetCert(cert)));
                });
    }

    @Override
    public ServerServiceDefinition definition() {
        return bindService();
    }
}
