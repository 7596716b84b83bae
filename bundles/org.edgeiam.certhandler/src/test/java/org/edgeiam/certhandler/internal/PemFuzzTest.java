package org.edgeiam.certhandler.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz tests of ApplyCert's input, the PEM chain a client sends: {@link Pem#parseChain} then
 * {@link ChainVerifier#verify}, as {@code CertModule.applyCertificate} calls them, then what it
 * reads from an accepted leaf. Contract: each step returns a usable value or throws
 * {@link IamException} with a code of its own and a message; any other exception is a finding.
 * Seeds (and past findings) are under {@code PemFuzzTestInputs/<method>}; docs/fuzzing.md.
 */
class PemFuzzTest {
    /** The seeds' certificates are valid from 2025 to 2035 (the CA to 2125). */
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final String CA_PEM = resource("fuzz-ca.pem");

    @BeforeAll
    static void seedsOnly() {
        FuzzSupport.seedsWithoutHooks();
    }

    /** The bytes are the PEM text of ApplyCert (any number of blocks, any garbage). */
    @FuzzTest(maxDuration = "2m")
    void applyCertificate(byte[] input) {
        apply(new String(input, StandardCharsets.UTF_8));
    }

    /**
     * The bytes are the DER of one certificate, so that mutations reach the ASN.1 and X.509
     * parsers instead of breaking the base64; it is applied alone and issued by the seeds' CA.
     */
    @FuzzTest(maxDuration = "2m")
    void derCertificate(byte[] input) {
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(input)
                + "\n-----END CERTIFICATE-----\n";
        apply(pem);
        apply(pem + CA_PEM);
    }

    private static void apply(String pem) {
        List<X509Certificate> chain;
        try {
            chain = Pem.parseChain(pem);
        } catch (IamException e) {
            FuzzSupport.assertRejected(e, Set.of(ErrorCode.INVALID_ARGUMENT));
            return;
        }
        assertTrue(!chain.isEmpty() && chain.size() <= 16, "chain of " + chain.size());
        try {
            ChainVerifier.verify(chain, NOW);
        } catch (IamException e) {
            FuzzSupport.assertRejected(e,
                    Set.of(ErrorCode.INVALID_ARGUMENT, ErrorCode.INVALID_CHECKSUM, ErrorCode.OUT_OF_RANGE));
            return;
        }
        // what CertModule.apply reads from the leaf of an accepted chain
        X509Certificate leaf = chain.get(0);
        assertNotNull(leaf.getPublicKey().getEncoded(), "leaf key encoding");
        assertNotNull(CertModule.info("fuzz", leaf, "cert", "key"));
    }

    private static String resource(String name) {
        try (InputStream in = PemFuzzTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(name, e);
        }
    }
}
