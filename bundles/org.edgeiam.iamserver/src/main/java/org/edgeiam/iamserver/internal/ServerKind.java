package org.edgeiam.iamserver.internal;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Which of the two servers a call arrived on. Each server runs an interceptor that puts its name
 * into the call's gRPC {@link Context}, so a service registered on both (RegisterNode) can apply
 * the rules of that server.
 */
public final class ServerKind {
    private static final Context.Key<String> KEY = Context.key("edgeiam.server");

    private ServerKind() {
    }

    /**
     * @param server {@link GrpcService#PUBLIC} or {@link GrpcService#PROTECTED}
     * @return the interceptor that marks every call of that server
     */
    public static ServerInterceptor interceptor(String server) {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                return Contexts.interceptCall(Context.current().withValue(KEY, server), call, headers, next);
            }
        };
    }

    /** @return whether the current call arrived on the public server */
    public static boolean isPublic() {
        return GrpcService.PUBLIC.equals(KEY.get());
    }
}
