package org.edgeiam.iamclient.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the secondary-node client (PID {@value #PID}): where the main node's IAM
 * servers are and how to trust them. Property ids are the method names with {@code _} turned into
 * {@code .}, e.g. {@code main.public.url}. The config bundle publishes it only on secondary nodes
 * (both AosEdge {@code mainIAM*ServerURL} keys set).
 */
@ObjectClassDefinition(name = "EdgeIAM IAM client",
        description = "Registers this secondary node at the main node's IAM and answers its requests.")
@interface ClientConfig {
    /** PID of this configuration. */
    String PID = "org.edgeiam.iamclient";

    @AttributeDefinition(name = "Main public server",
            description = "host:port of the main node's public server (AosEdge mainIAMPublicServerURL), "
                    + "used while this node is unprovisioned.")
    String main_public_url() default "";

    @AttributeDefinition(name = "Main protected server",
            description = "host:port of the main node's protected server (AosEdge mainIAMProtectedServerURL), "
                    + "used with mutual TLS once this node is provisioned.")
    String main_protected_url() default "";

    @AttributeDefinition(name = "CA certificate",
            description = "PEM file of the CA that the main node's server certificates chain to.")
    String ca_cert() default "";

    @AttributeDefinition(name = "Client certificate type",
            description = "Cert type whose current certificate this node presents to the protected server "
                    + "(AosEdge certStorage).")
    String cert_storage() default "iam";

    @AttributeDefinition(name = "Provisioning mode",
            description = "The runtime runs in provisioning mode (AosEdge -p). The server is chosen by the "
                    + "node's state; provisioning mode also allows plaintext to the public server, as allow.plaintext.")
    boolean provisioning() default false;

    @AttributeDefinition(name = "Allow plaintext to the public server",
            description = "An unprovisioned node that cannot reach the main's public server over TLS tries "
                    + "plaintext at once (config file key mainIAMAllowPlaintext). Off by default: without TLS "
                    + "anyone on the path can pose as the main node and provision this node.")
    boolean allow_plaintext() default false;

    @AttributeDefinition(name = "Reconnect interval",
            description = "Milliseconds to wait before connecting again after a failure or a lost stream.")
    long reconnect_interval_ms() default 3000;
}
