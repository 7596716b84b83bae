package org.edgeiam.iamserver.internal;

import io.grpc.ServerServiceDefinition;

/**
 * A gRPC service of this bundle, registered as an OSGi service so that {@link IamServers} adds
 * it to the servers named in its {@value #SERVERS} property, and removes it again when the
 * component goes away. Adding a gRPC service to EdgeIAM is one new component of this type.
 */
public interface GrpcService {
    /** Service property: the servers ({@value #PUBLIC}, {@value #PROTECTED}) that serve it. */
    String SERVERS = "edgeiam.grpc.servers";
    /** The public server: TLS, no client certificate. */
    String PUBLIC = "public";
    /** The protected server: mutual TLS. */
    String PROTECTED = "protected";

    /** @return the service definition to register */
    ServerServiceDefinition definition();
}
