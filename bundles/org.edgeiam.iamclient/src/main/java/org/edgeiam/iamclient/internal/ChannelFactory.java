package org.edgeiam.iamclient.internal;

import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.TlsKey;
import org.edgeiam.util.tls.ReloadingKeyManager;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

/**
 * Builds the channel of one connection attempt. TLS verifies the main's certificate against the
 * configured CA, host name included (gRPC checks it against the address's host). Mutual TLS also
 * presents the key given to {@link #presentKey}, through a {@link ReloadingKeyManager}; a changed
 * key also gets a new TLS context, because the JDK would otherwise resume the last TLS session and
 * the main would still see the old certificate. Keep-alive as AosEdge clients: a ping every 10 s,
 * also without calls, and 3 s to answer it. Only the connection loop's thread uses it.
 */
final class ChannelFactory {
    static final long KEEP_ALIVE_TIME_S = 10;
    static final long KEEP_ALIVE_TIMEOUT_S = 3;

    private final ReloadingKeyManager keys = new ReloadingKeyManager();
    private final X509Certificate[] ca;
    private final SslContext tls;
    private SslContext mutualTls;
    private TlsKey presented;

    /**
     * @param ca the CA certificates the main's servers chain to
     * @throws IamException {@code RUNTIME} if the TLS contexts cannot be built
     */
    ChannelFactory(X509Certificate[] ca) throws IamException {
        this.ca = ca.clone();
        this.tls = build(SslContextBuilder.forClient().trustManager(ca));
    }

    /**
     * @param key the client key and chain that mutual TLS presents from now on
     * @throws IamException {@code RUNTIME} if the TLS context cannot be built
     */
    void presentKey(TlsKey key) throws IamException {
        if (!key.equals(presented)) {
            keys.set(key);
            mutualTls = build(SslContextBuilder.forClient().trustManager(ca).keyManager(keys));
            presented = key;
        }
    }

    /**
     * @param route where and how to connect; for mutual TLS a key must have been presented
     * @return a new channel, not connected yet
     */
    ManagedChannel open(Route route) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(route.address().host(), route.address().port())
                .keepAliveTime(KEEP_ALIVE_TIME_S, TimeUnit.SECONDS)
                .keepAliveTimeout(KEEP_ALIVE_TIMEOUT_S, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true)
                // the stream's callbacks only queue events for the connection loop's thread
                .directExecutor();
        switch (route.credential()) {
            case PLAINTEXT:
                builder.usePlaintext();
                break;
            case TLS:
                builder.sslContext(tls);
                break;
            default:
                builder.sslContext(mutualTls);
                break;
        }
        return builder.build();
    }

    private static SslContext build(SslContextBuilder builder) throws IamException {
        try {
            return GrpcSslContexts.configure(builder, SslProvider.JDK).build();
        } catch (SSLException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot set up TLS to the main IAM: " + e.getMessage(), e);
        }
    }
}
