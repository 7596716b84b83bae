package org.edgeiam.iamserver.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Which of the two servers a RegisterNode call arrived on, and over which TLS session. Each server
 * runs an interceptor that puts its name (and the call's TLS session, if any) into the gRPC
 * {@link Context} of RegisterNode calls, so that service, registered on both, can apply the rules
 * of that server and see the client's certificate; other calls pass untouched.
 */
public final class ServerKind {
    private static final Context.Key<String> KEY = Context.key("edgeiam.server");
    private static final Context.Key<SSLSession> TLS = Context.key("edgeiam.tls");
    private static final Context.Key<String> REMOTE = Context.key("edgeiam.remote");
    private static final String REGISTER_NODE = org.edgeiam.grpc.iamanager.v6.IAMPublicNodesServiceGrpc
            .getRegisterNodeMethod().getFullMethodName();

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
                if (!REGISTER_NODE.equals(call.getMethodDescriptor().getFullMethodName())) {
                    return next.startCall(call, headers); // only RegisterNode asks: the others pay nothing
                }
                Context context = Context.current().withValue(KEY, server).withValue(REMOTE,
                        remoteHost(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)));
                SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
                if (session != null) {
                    context = context.withValue(TLS, session);
                }
                return Contexts.interceptCall(context, call, headers, next);
            }
        };
    }

    private static String remoteHost(java.net.SocketAddress address) {
        if (address instanceof java.net.InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

    /** @return the address the current RegisterNode call came from ("" outside one) */
    public static String remoteHost() {
        String host = REMOTE.get();
        return host == null ? "" : host;
    }

    /** @return whether the current call arrived on the public server */
    public static boolean isPublic() {
        return GrpcService.PUBLIC.equals(KEY.get());
    }

    /**
     * @return lower-case hex SHA-256 of the DER SubjectPublicKeyInfo of the current call's client
     *         certificate; empty without TLS or without a client certificate
     */
    public static Optional<String> clientKeyPin() {
        SSLSession session = TLS.get();
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length == 0 || !(chain[0] instanceof X509Certificate leaf) ? Optional.empty()
                    : Optional.of(keyPin(leaf));
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /**
     * @param cert a certificate
     * @return lower-case hex SHA-256 of its DER SubjectPublicKeyInfo
     */
    public static String keyPin(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
