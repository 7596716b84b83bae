package org.edgeiam.certhandler.internal;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The BouncyCastle provider instance of this bundle. It is not registered with
 * {@code Security.addProvider}: a bundle must not change the JVM's global providers.
 */
final class Crypto {
    /** Used for certificate parsing, verification and software signing. */
    static final Provider BC = new BouncyCastleProvider();

    private Crypto() {
    }
}
