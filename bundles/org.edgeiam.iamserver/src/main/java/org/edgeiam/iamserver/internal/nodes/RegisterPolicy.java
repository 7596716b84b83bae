package org.edgeiam.iamserver.internal.nodes;

import java.time.Duration;

import org.edgeiam.iamserver.internal.ServerConfig;

/**
 * How long a RegisterNode stream may stay without an accepted NodeInfo, and how many public
 * (unauthenticated) streams may speak for nodes at once.
 *
 * @param grace how long a stream whose NodeInfo was refused stays open (for a corrected one)
 * @param timeout how long a new stream may wait before its first accepted NodeInfo
 * @param publicMax most nodes linked over the public server at once
 */
record RegisterPolicy(Duration grace, Duration timeout, int publicMax) {

    static RegisterPolicy of(ServerConfig config) {
        return new RegisterPolicy(Duration.ofMillis(Math.max(0, config.register_grace_ms())),
                Duration.ofMillis(Math.max(1, config.register_timeout_ms())), Math.max(0, config.register_public_max()));
    }
}
