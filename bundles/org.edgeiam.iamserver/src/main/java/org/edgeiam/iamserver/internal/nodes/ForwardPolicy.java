package org.edgeiam.iamserver.internal.nodes;

import java.time.Duration;

import org.edgeiam.iamserver.internal.ServerConfig;

/**
 * How the main node forwards a request to a secondary node: the time-outs for a reply and how
 * often, how far apart, a request for a node whose stream is down is tried.
 *
 * @param timeout reply time-out of most requests (AosEdge: 1 min)
 * @param provisioningTimeout reply time-out of start/finish provisioning and deprovision (5 min)
 * @param attempts tries while the node's stream is down (3)
 * @param retryInterval pause between tries (10 s)
 * @param concurrent most forwarded requests in progress at once (each holds a worker while it
 *        waits, so half of the workers: the others keep serving local calls)
 */
record ForwardPolicy(Duration timeout, Duration provisioningTimeout, int attempts, Duration retryInterval,
        int concurrent) {

    ForwardPolicy(Duration timeout, Duration provisioningTimeout, int attempts, Duration retryInterval) {
        this(timeout, provisioningTimeout, attempts, retryInterval, 8);
    }

    static ForwardPolicy of(ServerConfig config) {
        return new ForwardPolicy(Duration.ofMillis(config.forward_timeout_ms()),
                Duration.ofMillis(config.forward_provisioning_timeout_ms()), Math.max(1, config.forward_attempts()),
                Duration.ofMillis(config.forward_retry_interval_ms()), Math.max(1, config.worker_threads() / 2));
    }

    Duration timeout(Exchange exchange) {
        return exchange.provisioning() ? provisioningTimeout : timeout;
    }
}
