package org.edgeiam.iamserver.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the public and protected gRPC servers (PID {@code org.edgeiam.iamserver}). */
@ObjectClassDefinition(name = "EdgeIAM gRPC servers",
        description = "Listen addresses and security mode of the public and protected iamanager.v6 servers.")
public @interface ServerConfig {
    /** PID of this configuration. */
    String PID = "org.edgeiam.iamserver";

    @AttributeDefinition(name = "Public server address",
            description = "host:port, or :port for all interfaces (AosEdge iamPublicServerURL).")
    String public_url() default ":8090";

    @AttributeDefinition(name = "Protected server address",
            description = "host:port, or :port for all interfaces (AosEdge iamProtectedServerURL).")
    String protected_url() default ":8089";

    @AttributeDefinition(name = "Provisioning mode",
            description = "Both servers without TLS, as AosEdge does with -p/--provisioning.")
    boolean provisioning() default false;

    @AttributeDefinition(name = "CA certificate",
            description = "PEM file of the CA that client certificates of the protected server must chain to.")
    String ca_cert() default "";

    @AttributeDefinition(name = "Server certificate type",
            description = "Cert type whose current certificate the servers present (AosEdge certStorage).")
    String cert_storage() default "iam";

    @AttributeDefinition(name = "Maximum message size",
            description = "Largest inbound gRPC message in bytes; larger ones are refused with RESOURCE_EXHAUSTED.")
    int max_message_size() default 4 * 1024 * 1024;

    @AttributeDefinition(name = "Forwarding time-out",
            description = "Milliseconds the main node waits for a secondary node's reply (AosEdge: 1 min).")
    int forward_timeout_ms() default 60_000;

    @AttributeDefinition(name = "Provisioning forwarding time-out",
            description = "Milliseconds to wait for a secondary node's reply to start/finish provisioning or"
                    + " deprovision (AosEdge: 5 min).")
    int forward_provisioning_timeout_ms() default 300_000;

    @AttributeDefinition(name = "Forwarding attempts",
            description = "How often a request for a known node whose stream is down is tried (AosEdge: 3).")
    int forward_attempts() default 3;

    @AttributeDefinition(name = "Forwarding retry interval",
            description = "Milliseconds between those attempts (AosEdge nodeReconnectInterval: 10 s).")
    int forward_retry_interval_ms() default 10_000;
}
