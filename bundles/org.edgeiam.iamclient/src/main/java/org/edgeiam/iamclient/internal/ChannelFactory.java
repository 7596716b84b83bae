package org.edgeiam.iamclient.internal;

import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.TlsKey;
import org.edgeiam.util.tls.CaCertificates;
import org.edgeiam.util.tls.ReloadingKeyManager;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

/**
 * Builds the channel of one connection attempt. TLS verifies the main's certificate against the
 * configured CA (read when TLS is first needed, and again while it cannot be read), host name
 * included (gRPC checks it against the address's host). A plaintext channel is refused unless
 * plaintext was allowed, as a last guard behind the connection loop's choice. Mutual TLS also
 * presents the key given to {@link #presentKey}, through a {@link ReloadingKeyManager}; a changed
 * key also gets a new TLS context, because the JDK would otherwise resume the last TLS session and
 * the main would still see the old certificate. Keep-alive as AosEdge clients: a ping every 10 s,
 * also without calls, and 3 s to answer it. Only the connection loop's thread uses it.
 */
final class ChannelFactory {
    static final long KEEP_ALIVE_TIME_S = 10;
    static final long KEEP_ALIVE_TIMEOUT_S = 3;

    private final ReloadingKeyManager keys = new ReloadingKeyManager();
    private final String caCertFile;
    private final boolean plaintextAllowed;
    private X509Certificate[] ca;
    private SslContext tls;
    private SslContext mutualTls;
    private TlsKey presented;

    /**
     * @param caCertFile PEM file of the CA certificates the main's servers chain to
     * @param plaintextAllowed whether plaintext channels may be opened
     */
    ChannelFactory(String caCertFile, boolean plaintextAllowed) {
        this.caCertFile = caCertFile;
        this.plaintextAllowed = plaintextAllowed;
    }

    private void ensureTls() throws IamException {
        if (tls == null) {
            X509Certificate[] read = CaCertificates.read("ca.cert", caCertFile);
            tls = build(SslContextBuilder.forClient().trustManager(read));
            ca = read;
        }
    }

    /**
     * @param key the client key and chain that mutual TLS presents from now on
     * @throws IamException {@code INVALID_ARGUMENT} naming ca.cert if the CA cannot be read,
     *         {@code RUNTIME} if the TLS context cannot be built
     */
    void presentKey(TlsKey key) throws IamException {
        ensureTls();
        if (!key.equals(presented)) {
            keys.set(key);
            mutualTls = build(SslContextBuilder.forClient().trustManager(ca).keyManager(keys));
            presented = key;
        }
    }

    /**
     * @param route where and how to connect; for mutual TLS a key must have been presented
     * @return a new channel, not connected yet
     * @throws IamException {@code INVALID_ARGUMENT} naming ca.cert if TLS is asked for and the CA
     *         cannot be read; {@code WRONG_STATE} if plaintext is asked for and not allowed
     */
    ManagedChannel open(Route route) throws IamException {
        if (route.credential() != Route.Credential.PLAINTEXT) {
            ensureTls();
        } else if (!plaintextAllowed) {
            throw new IamException(ErrorCode.WRONG_STATE, "no plaintext to the main IAM: "
                    + ClientOptions.HOW_TO_ALLOW_PLAINTEXT);
        }
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
