package org.edgeiam.keystore.pkcs11.internal;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.List;
import java.util.Map;

/**
 * A small JCA provider whose {@code Signature} services sign with {@link TokenPrivateKey}s (see
 * {@link TokenSignatureSpi} for the algorithms). Callers may name it,
 * {@code Signature.getInstance(alg, provider)}; {@link Pkcs11KeyStorage} also registers it while
 * active so that the JDK's TLS engine finds it. Its services accept token keys only, so delayed
 * provider selection picks it exactly for them.
 */
final class TokenProvider extends Provider {
    /** The provider name. */
    static final String NAME = "EdgeIAM-PKCS11";

    private static final long serialVersionUID = 1L;

    TokenProvider() {
        super(NAME, "1.0", "EdgeIAM: signatures with private keys on PKCS#11 tokens");
        for (String algorithm : TokenSignatureSpi.ALGORITHMS) {
            putService(new SignatureService(this, algorithm));
        }
    }

    /** A signature service that creates its SPI directly and accepts token keys only. */
    private static final class SignatureService extends Service {
        SignatureService(Provider provider, String algorithm) {
            super(provider, "Signature", algorithm, TokenSignatureSpi.class.getName(), List.of(),
                    Map.of("SupportedKeyClasses", TokenPrivateKey.class.getName()));
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            return new TokenSignatureSpi(getAlgorithm());
        }

        @Override
        public boolean supportsParameter(Object parameter) {
            return parameter instanceof TokenPrivateKey;
        }
    }
}
