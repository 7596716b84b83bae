package org.edgeiam.identifier.vis.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the VIS identifier (PID {@code org.edgeiam.identifier.vis}), the AosEdge
 * {@code visidentifier} parameters {@code visServer}, {@code caCertFile} and
 * {@code webSocketTimeout}. Property ids are the method names with {@code _} turned into
 * {@code .}, e.g. {@code vis.server}.
 */
@ObjectClassDefinition(name = "EdgeIAM VIS identifier",
        description = "The unit's system ID, unit model and subjects, read from a VIS server "
                + "over WebSocket.")
@interface Config {
    @AttributeDefinition(name = "VIS server",
            description = "WebSocket URL of the VIS server, ws:// or wss://, e.g. "
                    + "wss://wwwivi:443. Required.")
    String vis_server() default "";

    @AttributeDefinition(name = "CA certificate file",
            description = "PEM file with the CA certificate(s) that verify a wss:// server; empty "
                    + "for the JVM's default trust store.")
    String ca_cert_file() default "";

    @AttributeDefinition(name = "Request timeout",
            description = "How long to wait for the connection and for each answer of the VIS "
                    + "server, as a duration such as 120s, 500ms or 1m30s.")
    String web_socket_timeout() default "120s";
}
