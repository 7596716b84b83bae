package org.edgeiam.iamserver.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.util.tls.ReloadingKeyManager;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

/**
 * TLS for the servers in normal mode: both present the current certificate of the
 * {@code cert.storage} type through a {@link ReloadingKeyManager}; the protected server also
 * requires a client certificate chained to the configured CA (no host name check, as AosEdge)
 * that was not revoked by trimming ({@link RevocationTrustManager}). Only TLS 1.3 and 1.2 are offered.
 */
final class TlsContexts {
    /** TLS 1.3 and 1.2 only: older versions are refused at the handshake. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    static SslContext server(ReloadingKeyManager keys) throws IamException {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forServer(keys).protocols(PROTOCOLS), SslProvider.JDK)
                    .build();
        } catch (SSLException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    static SslContext mutual(ReloadingKeyManager keys, X509Certificate[] trusted, Supplier<CertHandler> handler)
            throws IamException {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forServer(keys).protocols(PROTOCOLS)
                    .trustManager(RevocationTrustManager.of(trusted, handler))
                    .clientAuth(ClientAuth.REQUIRE), SslProvider.JDK).build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot set up mutual TLS: " + e.getMessage(), e);
        }
    }
}
