package org.edgeiam.iamserver.internal;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client certificates for the protected server: the chain must lead to the configured CA and be
 * valid now (the JDK's PKIX checks), and the client's own certificate must not have been revoked
 * by trimming. Without a certificate handler to ask, every client is refused (fail closed).
 */
final class RevocationTrustManager extends X509ExtendedTrustManager {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationTrustManager.class);

    private final X509ExtendedTrustManager pkix;
    private final Supplier<CertHandler> handler;

    private RevocationTrustManager(X509ExtendedTrustManager pkix, Supplier<CertHandler> handler) {
        this.pkix = pkix;
        this.handler = handler;
    }

    /**
     * @param trusted the CA certificates
     * @param handler the current certificate handler, or null while there is none
     */
    static RevocationTrustManager of(X509Certificate[] trusted, Supplier<CertHandler> handler)
            throws GeneralSecurityException, java.io.IOException {
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        for (int i = 0; i < trusted.length; i++) {
            anchors.setCertificateEntry("ca-" + i, trusted[i]);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return new RevocationTrustManager(x, handler);
            }
        }
        throw new GeneralSecurityException("the JDK offers no X509ExtendedTrustManager");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix.checkClientTrusted(chain, authType, engine);
        notRevoked(chain[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkClientTrusted(chain, authType, socket);
        notRevoked(chain[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
        notRevoked(chain[0]);
    }

    private void notRevoked(X509Certificate client) throws CertificateException {
        String serial = HexFormat.of().formatHex(client.getSerialNumber().toByteArray());
        CertHandler certs = handler.get();
        try {
            if (certs == null) {
                throw new IamException(org.edgeiam.api.ErrorCode.UNAVAILABLE, "the certificate handler is not running");
            }
            if (certs.isRevoked(client.getIssuerX500Principal().getEncoded(), client.getSerialNumber().toByteArray())) {
                LOG.warn("protected server: client certificate {} (serial {}) refused: it was replaced and trimmed",
                        client.getSubjectX500Principal(), serial);
                throw new CertificateException("client certificate serial " + serial + " was revoked by trimming");
            }
        } catch (IamException e) {
            LOG.warn("protected server: client certificate {} (serial {}) refused: cannot check revocation: {}",
                    client.getSubjectX500Principal(), serial, e.getMessage());
            throw new CertificateException("cannot check whether client certificate serial " + serial
                    + " was revoked: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the protected server checks client certificates only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the protected server checks client certificates only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the protected server checks client certificates only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
