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

    @AttributeDefinition(name = "Public server message limit",
            description = "Largest inbound message in bytes on the public (unauthenticated) server.")
    int public_max_message_size() default 64 * 1024;

    @AttributeDefinition(name = "Refused registration grace",
            description = "Milliseconds a RegisterNode stream whose NodeInfo was refused stays open before it is"
                    + " closed (a corrected NodeInfo in that time is accepted).")
    int register_grace_ms() default 2_000;

    @AttributeDefinition(name = "Registration time-out",
            description = "Milliseconds a new RegisterNode stream may stay without an accepted NodeInfo.")
    int register_timeout_ms() default 30_000;

    @AttributeDefinition(name = "Public registrations",
            description = "Most nodes linked over the public server at once (unprovisioned nodes).")
    int register_public_max() default 16;

    @AttributeDefinition(name = "Calls per connection",
            description = "Most concurrent calls (streams included) on one client connection.")
    int max_calls_per_connection() default 100;

    @AttributeDefinition(name = "Streams per server",
            description = "Most open streaming calls (subscriptions, RegisterNode) on each server.")
    int max_streams() default 256;

    @AttributeDefinition(name = "Worker threads",
            description = "Threads that run the calls of both servers.")
    int worker_threads() default 16;

    @AttributeDefinition(name = "TLS handshake time-out",
            description = "Seconds a client may take to complete the TLS handshake.")
    int handshake_timeout_s() default 10;

    @AttributeDefinition(name = "Idle connection limit",
            description = "Seconds a connection without calls stays open.")
    int max_connection_idle_s() default 900;

    @AttributeDefinition(name = "Backend wait",
            description = "Milliseconds a call waits for a backend that is not there (start-up, hot swap) before"
                    + " it answers UNAVAILABLE; at most half of the call's deadline.")
    int backend_wait_ms() default 3_000;

    @AttributeDefinition(name = "Readiness wait",
            description = "Milliseconds from the servers' start during which calls wait until every configured"
                    + " EdgeIAM component is active; after that they are served anyway (a warning names the rest).")
    int ready_wait_ms() default 10_000;

    @AttributeDefinition(name = "Streams per client",
            description = "Most open streaming calls from one remote address on each server (loopback clients,"
                    + " local processes, count only against the server's limit).")
    int max_streams_per_client() default 32;
}
