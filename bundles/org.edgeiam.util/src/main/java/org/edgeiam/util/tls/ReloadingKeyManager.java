package org.edgeiam.util.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import org.edgeiam.spi.keystore.TlsKey;

/**
 * A key manager whose key and chain can be replaced at run time: after a certificate renewal
 * new TLS handshakes present the new certificate, while open connections carry on. Without a
 * key it offers none, so handshakes fail until one is set; a server may {@link #holdUntilFirstKey
 * hold} handshakes that arrive before its first key (at boot no handshake could succeed anyway,
 * so waiting on the network thread costs nothing). Used by servers and clients alike.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "edgeiam";

    private volatile TlsKey current;
    private volatile long holdUntil;
    private volatile long holdEachNanos;

    /** @param key the key and chain to present from now on, or {@code null} for none */
    public void set(TlsKey key) {
        synchronized (this) {
            this.current = key;
            notifyAll();
        }
    }

    /**
     * Server handshakes that start before the first key is set, within {@code windowMs} from now,
     * wait for it up to {@code eachMs} each instead of failing.
     *
     * @param windowMs how long from now the hold applies
     * @param eachMs the longest wait of one handshake
     */
    public void holdUntilFirstKey(long windowMs, long eachMs) {
        this.holdEachNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, eachMs));
        this.holdUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, windowMs));
    }

    private TlsKey serverKey() {
        TlsKey key = current;
        if (key != null || holdEachNanos == 0 || System.nanoTime() - holdUntil > 0) {
            return key;
        }
        long end = Math.min(System.nanoTime() + holdEachNanos, holdUntil);
        synchronized (this) {
            try {
                while (current == null && end - System.nanoTime() > 0) {
                    TimeUnit.NANOSECONDS.timedWait(this, end - System.nanoTime());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (current == null) {
                holdEachNanos = 0; // no key came in time: later handshakes fail at once, as without a hold
            }
            return current;
        }
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
        return serverKey() == null ? null : new String[] {ALIAS};
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
        TlsKey key = serverKey();
        if (key == null) {
            return false;
        }
        String algorithm = key.chain().get(0).getPublicKey().getAlgorithm();
        return keyType == null || keyType.startsWith(algorithm) || ("EC".equals(algorithm) && keyType.startsWith("EC"));
    }
}
