package org.edgeiam.util.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import org.edgeiam.spi.keystore.TlsKey;

/**
 * A key manager whose key and chain can be replaced at run time: after a certificate renewal
 * new TLS handshakes present the new certificate, while open connections carry on. Without a
 * key it offers none, so handshakes fail until one is set. Used by servers and clients alike.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "edgeiam";

    private volatile TlsKey current;

    /** @param key the key and chain to present from now on, or {@code null} for none */
    public void set(TlsKey key) {
        this.current = key;
    }

    /** @return whether a key is set */
    public boolean hasKey() {
        return current != null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return current == null ? null : new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return current == null ? null : ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return current == null ? null : ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return current == null ? null : new String[] {ALIAS};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return matches(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return matches(keyType) ? ALIAS : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        TlsKey key = current;
        return key == null ? null : key.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        TlsKey key = current;
        return key == null ? null : key.privateKey();
    }

    private boolean matches(String keyType) {
        TlsKey key = current;
        if (key == null) {
            return false;
        }
        String algorithm = key.chain().get(0).getPublicKey().getAlgorithm();
        return keyType == null || keyType.startsWith(algorithm) || ("EC".equals(algorithm) && keyType.startsWith("EC"));
    }
}
