package org.edgeiam.iamclient.internal;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checked configuration of the client, built from a {@link ClientConfig} by
 * {@link #from(ClientConfig)}, whose errors name the property at fault.
 *
 * @param publicServer the main node's public server
 * @param protectedServer the main node's protected server
 * @param caCertFile the CA certificates the main's servers chain to (PEM file, read when TLS is
 *        used, so that a CA installed during provisioning is picked up); may be empty only when
 *        plaintext is allowed
 * @param certStorage the cert type whose certificate is presented for mutual TLS
 * @param provisioning whether the runtime runs in provisioning mode
 * @param allowPlaintext whether {@code allow.plaintext} is set
 * @param reconnectIntervalMs the wait before connecting again, positive
 */
record ClientOptions(HostPort publicServer, HostPort protectedServer, String caCertFile,
        String certStorage, boolean provisioning, boolean allowPlaintext, long reconnectIntervalMs) {
    /** Used when the configured interval is not positive. */
    static final long DEFAULT_RECONNECT_INTERVAL_MS = 3000;
    /** How to allow plaintext, for messages. */
    static final String HOW_TO_ALLOW_PLAINTEXT = "plaintext is allowed only with allow.plaintext "
            + "(config file key mainIAMAllowPlaintext) or in provisioning mode (-p)";

    private static final Logger LOG = LoggerFactory.getLogger(ClientOptions.class);

    /**
     * @param config the configuration
     * @return the options
     * @throws IamException {@code INVALID_ARGUMENT} naming the property that is wrong
     */
    static ClientOptions from(ClientConfig config) throws IamException {
        HostPort publicServer = HostPort.parse("main.public.url", config.main_public_url());
        HostPort protectedServer = HostPort.parse("main.protected.url", config.main_protected_url());
        String certStorage = config.cert_storage() == null ? "" : config.cert_storage().strip();
        if (certStorage.isEmpty()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    "cert.storage is empty: the cert type presented to the protected server is required");
        }
        boolean plaintext = config.provisioning() || config.allow_plaintext();
        if (!plaintext && (config.ca_cert() == null || config.ca_cert().isBlank())) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "ca.cert is empty (config file key caCert): TLS to "
                    + "the main IAM needs the CA its servers chain to, and " + HOW_TO_ALLOW_PLAINTEXT);
        }
        long interval = config.reconnect_interval_ms();
        if (interval <= 0) {
            LOG.warn("Value {} for reconnect.interval.ms is invalid. Using {}.", interval,
                    DEFAULT_RECONNECT_INTERVAL_MS);
            interval = DEFAULT_RECONNECT_INTERVAL_MS;
        }
        return new ClientOptions(publicServer, protectedServer, config.ca_cert(), certStorage,
                config.provisioning(), config.allow_plaintext(), interval);
    }

    /**
     * @return whether an unprovisioned node may try plaintext to the public server after TLS:
     *         in provisioning mode or with {@code allow.plaintext}
     */
    boolean plaintextAllowed() {
        return provisioning || allowPlaintext;
    }
}
