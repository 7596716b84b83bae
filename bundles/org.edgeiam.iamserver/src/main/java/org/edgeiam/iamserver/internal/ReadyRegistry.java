package org.edgeiam.iamserver.internal;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.grpc.HandlerRegistry;
import io.grpc.ServerMethodDefinition;
import io.grpc.util.MutableHandlerRegistry;

/**
 * The method look-up of one server: until the runtime is {@link Readiness ready} and while an
 * expected EdgeIAM service is not registered yet (start-up, or its component restarting), a call
 * waits for it, up to the configured hold time, instead of failing with UNIMPLEMENTED or
 * UNAVAILABLE. gRPC looks methods up on the call's executor thread, not the network's.
 */
final class ReadyRegistry extends HandlerRegistry {
    private final MutableHandlerRegistry services;
    private final Set<String> expected;
    private final Readiness readiness;

    ReadyRegistry(MutableHandlerRegistry services, Set<String> expected, Readiness readiness) {
        this.services = services;
        this.expected = expected;
        this.readiness = readiness;
    }

    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
        ServerMethodDefinition<?, ?> method = services.lookupMethod(methodName, authority);
        if (method != null && readiness.isReady()) {
            return method;
        }
        int slash = methodName.indexOf('/');
        if (slash < 0 || !expected.contains(methodName.substring(0, slash))) {
            return method;
        }
        String service = methodName.substring(0, slash);
        if (method == null && readiness.isReady() && registered(service)) {
            return null; // an unknown method of a service that is there: UNIMPLEMENTED at once
        }
        long end = Hold.end();
        while ((method == null || !readiness.isReady()) && System.nanoTime() < end) {
            readiness.await(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            if (method == null) {
                Hold.pause(end);
                method = services.lookupMethod(methodName, authority);
            }
        }
        return method;
    }

    private boolean registered(String service) {
        for (io.grpc.ServerServiceDefinition d : services.getServices()) {
            if (d.getServiceDescriptor().getName().equals(service)) {
                return true;
            }
        }
        return false;
    }
}
