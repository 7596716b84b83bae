package org.edgeiam.identifier.vis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.util.Durations;

/**
 * The checked configuration of the VIS identifier: the server URL, the CA file that verifies a
 * {@code wss://} server (empty for the JVM default trust) and the request timeout. It is built
 * from a {@link Config} by {@link #from(Config)}, whose errors name the property at fault.
 *
 * @param server the {@code ws://} or {@code wss://} URL
 * @param caCertFile the PEM CA file, or {@code ""}
 * @param timeout the connect and request timeout, positive
 * @param keepAlive how often the connection is pinged; not configurable, tests shorten it
 */
record VisOptions(URI server, String caCertFile, Duration timeout, Duration keepAlive) {
    /** How often the connection is pinged: a dead one is noticed within twice this time. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(10);

    /**
     * @param config the configuration
     * @param keepAlive how often the connection is pinged
     * @return the options
     * @throws IamException {@code INVALID_ARGUMENT} naming the property that is wrong
     */
    static VisOptions from(Config config, Duration keepAlive) throws IamException {
        String url = config.vis_server().strip();
        if (url.isEmpty()) {
            throw invalid("vis.server is empty: the VIS server URL (ws:// or wss://) is required");
        }
        URI server;
        try {
            server = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("vis.server '" + url + "' is not a URL: " + e.getMessage());
        }
        if (server.getRawUserInfo() != null || server.getRawFragment() != null) {
            // the JDK client sends neither, and a URL with credentials would end up in the log
            throw invalid("vis.server must not have user info or a fragment");
        }
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss") || server.getHost() == null) {
            throw invalid("vis.server '" + url + "' is not a ws:// or wss:// URL with a host");
        }
        Duration timeout;
        try {
            timeout = Durations.parse(config.web_socket_timeout());
        } catch (IllegalArgumentException e) {
            throw invalid("web.socket.timeout: " + e.getMessage());
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw invalid("web.socket.timeout '" + config.web_socket_timeout() + "' must be positive");
        }
        return new VisOptions(server, config.ca_cert_file().strip(), timeout, keepAlive);
    }

    /** @return whether the server is reached over TLS */
    boolean secure() {
        return "wss".equalsIgnoreCase(this.server.getScheme());
    }

    /**
     * @return the TLS context that trusts the CA file, or the JVM default if none is set
     * @throws IamException {@code NOT_FOUND} if the CA file does not exist, {@code
     *         INVALID_ARGUMENT} if it holds no certificate, {@code RUNTIME} if it cannot be read
     */
    SSLContext sslContext() throws IamException {
        try {
            if (this.caCertFile.isEmpty()) {
                return SSLContext.getDefault();
            }
            Collection<? extends Certificate> cas;
            try (InputStream in = Files.newInputStream(Path.of(this.caCertFile))) {
                cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (cas.isEmpty()) {
                throw invalid("ca.cert.file " + this.caCertFile + " holds no certificate");
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate ca : cas) {
                trust.setCertificateEntry("ca" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (NoSuchFileException e) {
            throw new IamException(ErrorCode.NOT_FOUND, "ca.cert.file " + this.caCertFile + " does not exist", e);
        } catch (IOException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot read ca.cert.file " + this.caCertFile + ": " + e, e);
        } catch (GeneralSecurityException e) {
            throw invalid("ca.cert.file " + this.caCertFile + " is not a PEM CA certificate: " + e.getMessage());
        }
    }

    private static IamException invalid(String message) {
        return new IamException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
