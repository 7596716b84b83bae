package org.edgeiam.certhandler.internal;

import java.security.Provider;

import org.bouncycastle.jcajce.util.BCJcaJceHelper;

/**
 * The BouncyCastle provider. It is not registered with {@code Security.addProvider}: a bundle must
 * not change the JVM's global providers. It is the one BouncyCastle keeps for its own use
 * ({@link BCJcaJceHelper}), shared by every bundle: each provider instance holds about 1.3 MB of
 * algorithm tables.
 */
final class Crypto {
    /** Used for certificate parsing, verification and software signing. */
    static final Provider BC = new BCJcaJceHelper().getProvider();

    private Crypto() {
    }
}
