package org.edgeiam.keystore.soft.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.function.Supplier;
import java.security.cert.X509Certificate;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.edgeiam.spi.keystore.KeyAlgorithm;

/**
 * The cryptography of the soft store, with BouncyCastle: key pair generation, and the file
 * formats: private keys as PEM
 * {@code ENCRYPTED PRIVATE KEY} (PKCS#8, PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, the key
 * derived from the user PIN; readable by {@code openssl pkcs8}), certificate chains as PEM
 * certificates, leaf first.
 */
final class KeyCodec {
    /** The user PIN is 256 random bits, so the KDF only needs to be standard, not slow. */
    static final int KEY_ITERATIONS = 10_000;

    private static final int MAX_CHAIN = 16;

    private final Supplier<Provider> provider;
    private final SecureRandom random;

    KeyCodec(Supplier<Provider> provider, SecureRandom random) {
        this.provider = provider;
        this.random = random;
    }

    /** @return a new key pair: EC on P-384, or RSA 2048 with public exponent 65537 */
    KeyPair generate(KeyAlgorithm algorithm) throws GeneralSecurityException {
        boolean ecc = algorithm == KeyAlgorithm.ECC_P384;
        AlgorithmParameterSpec spec = ecc ? new ECGenParameterSpec("secp384r1")
                : new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4);
        KeyPairGenerator generator = KeyPairGenerator.getInstance(ecc ? "EC" : "RSA", this.provider.get());
        generator.initialize(spec, this.random);
        return generator.generateKeyPair();
    }

    /** @return the key as an encrypted PKCS#8 PEM file content */
    byte[] encrypt(PrivateKey key, char[] pin) throws IOException {
        try {
            OutputEncryptor encryptor = new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256).setIterationCount(KEY_ITERATIONS)
                    .setRandom(this.random).setProvider(this.provider.get()).build(pin);
            PemObject pem = new PKCS8Generator(PrivateKeyInfo.getInstance(key.getEncoded()), encryptor).generate();
            return write(pem);
        } catch (OperatorCreationException | IllegalArgumentException e) {
            throw new IOException("cannot encrypt the private key: " + e.getMessage(), e);
        }
    }

    /**
     * @return the private key of an encrypted PKCS#8 PEM file content
     * @throws IOException if the content is not an encrypted key
     * @throws GeneralSecurityException if it does not decrypt with {@code pin} or holds no EC or RSA key
     */
    PrivateKey decrypt(byte[] content, char[] pin) throws IOException, GeneralSecurityException {
        Object object = readFirst(content);
        if (!(object instanceof PKCS8EncryptedPrivateKeyInfo)) {
            throw new IOException("no ENCRYPTED PRIVATE KEY found");
        }
        PrivateKeyInfo info;
        try {
            info = ((PKCS8EncryptedPrivateKeyInfo) object).decryptPrivateKeyInfo(
                    new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(this.provider.get()).build(pin));
        } catch (PKCSException | RuntimeException e) {
            throw new GeneralSecurityException("decryption failed: " + e.getMessage(), e);
        }
        // name the algorithm as the JDK does ("EC", not BouncyCastle's "ECDSA"), for JSSE key managers
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        String algorithm;
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            algorithm = "EC";
        } else if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            algorithm = "RSA";
        } else {
            throw new GeneralSecurityException("unsupported key algorithm " + oid);
        }
        return KeyFactory.getInstance(algorithm, this.provider.get())
                .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    }

    /** @return the chain as PEM certificates */
    static byte[] encodeChain(List<X509Certificate> chain) throws IOException {
        return write(chain.toArray());
    }

    /**
     * @return the certificates of a PEM file content, in order
     * @throws IOException if it holds anything but certificates, or none
     */
    List<X509Certificate> parseChain(byte[] content) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(this.provider.get());
        try (PEMParser parser = parser(content)) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (!(object instanceof X509CertificateHolder) || chain.size() == MAX_CHAIN) {
                    throw new IOException("PEM block " + (chain.size() + 1) + " is not a certificate of a chain");
                }
                chain.add(converter.getCertificate((X509CertificateHolder) object));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("malformed certificate " + (chain.size() + 1) + ": " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException("no PEM certificate found");
        }
        return chain;
    }

    private static Object readFirst(byte[] content) throws IOException {
        try (PEMParser parser = parser(content)) {
            return parser.readObject();
        } catch (RuntimeException e) {
            throw new IOException("malformed PEM: " + e.getMessage(), e);
        }
    }

    private static PEMParser parser(byte[] content) {
        return new PEMParser(new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.US_ASCII));
    }

    private static byte[] write(Object... objects) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JcaPEMWriter writer = new JcaPEMWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII))) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        }
        return out.toByteArray();
    }
}
