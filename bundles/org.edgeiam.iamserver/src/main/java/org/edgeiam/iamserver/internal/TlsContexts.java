package org.edgeiam.iamserver.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

import javax.net.ssl.SSLException;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

/**
 * TLS for the servers in normal mode: both present the current certificate of the
 * {@code cert.storage} type through a {@link ReloadingKeyManager}; the protected server also
 * requires a client certificate chained to the configured CA (no host name check, as AosEdge).
 */
final class TlsContexts {
    private TlsContexts() {
    }

    static SslContext server(ReloadingKeyManager keys) throws IamException {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forServer(keys), SslProvider.JDK).build();
        } catch (SSLException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    static SslContext mutual(ReloadingKeyManager keys, X509Certificate[] trusted) throws IamException {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forServer(keys).trustManager(trusted)
                    .clientAuth(ClientAuth.REQUIRE), SslProvider.JDK).build();
        } catch (SSLException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot set up mutual TLS: " + e.getMessage(), e);
        }
    }

    /**
     * @param file PEM file with one or more CA certificates (config {@code ca.cert})
     * @return the certificates
     * @throws IamException {@code INVALID_ARGUMENT} naming the file if it is missing, empty or
     *         not certificates
     */
    static X509Certificate[] readCa(String file) throws IamException {
        if (file == null || file.isBlank()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    "ca.cert is empty: the protected server needs the CA that client certificates chain to");
        }
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            Collection<? extends java.security.cert.Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IamException(ErrorCode.INVALID_ARGUMENT, "ca.cert " + file + " holds no certificate");
            }
            return certs.toArray(X509Certificate[]::new);
        } catch (NoSuchFileException e) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "ca.cert " + file + " does not exist");
        } catch (IOException | CertificateException e) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "ca.cert " + file + " cannot be read: " + e.getMessage());
        }
    }
}
