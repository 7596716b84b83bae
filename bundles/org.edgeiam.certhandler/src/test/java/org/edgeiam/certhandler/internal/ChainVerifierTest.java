package org.edgeiam.certhandler.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {
    private final Instant now = Instant.parse("2026-06-01T00:00:00Z");
    private KeyPair caKey;
    private KeyPair leafKey;
    private X509Certificate ca;

    @BeforeEach
    void givenCa() throws Exception {
        caKey = TestKeys.ec();
        leafKey = TestKeys.ec();
        ca = TestKeys.cert("Test CA", caKey, "Test CA", caKey, now.minus(Duration.ofDays(10)), Duration.ofDays(3650), true);
    }

    @Test
    void leafSignedByCaVerifies() throws Exception {
        X509Certificate leaf = TestKeys.cert("node", leafKey, "Test CA", caKey, now.minus(Duration.ofDays(1)),
                Duration.ofDays(30), false);
        assertDoesNotThrow(() -> ChainVerifier.verify(List.of(leaf, ca), now));
        assertDoesNotThrow(() -> ChainVerifier.verify(List.of(leaf), now), "a chain without its root is accepted");
    }

    @Test
    void expiredLeafIsOutOfRange() throws Exception {
        X509Certificate leaf = TestKeys.cert("node", leafKey, "Test CA", caKey, now.minus(Duration.ofDays(40)),
                Duration.ofDays(30), false);
        IamException e = assertThrows(IamException.class, () -> ChainVerifier.verify(List.of(leaf, ca), now));
        assertEquals(ErrorCode.OUT_OF_RANGE, e.code());
        assertTrue(e.getMessage().contains("expired at"), e.getMessage());
    }

    @Test
    void expiredLeafWithoutItsRootIsOutOfRange() throws Exception {
        // the validity check used to be skipped when the chain did not end with a self-issued root
        X509Certificate leaf = TestKeys.cert("node", leafKey, "Test CA", caKey, now.minus(Duration.ofDays(40)),
                Duration.ofDays(30), false);
        IamException e = assertThrows(IamException.class, () -> ChainVerifier.verify(List.of(leaf), now));
        assertEquals(ErrorCode.OUT_OF_RANGE, e.code());
    }

    @Test
    void notYetValidLeafIsOutOfRange() throws Exception {
        X509Certificate leaf = TestKeys.cert("node", leafKey, "Test CA", caKey, now.plus(Duration.ofDays(2)),
                Duration.ofDays(30), false);
        IamException e = assertThrows(IamException.class, () -> ChainVerifier.verify(List.of(leaf, ca), now));
        assertEquals(ErrorCode.OUT_OF_RANGE, e.code());
        assertTrue(e.getMessage().contains("is not valid before"), e.getMessage());
    }

    @Test
    void signatureOfAnotherKeyDoesNotVerify() throws Exception {
        KeyPair impostor = TestKeys.ec();
        X509Certificate forgedCa = TestKeys.cert("Test CA", impostor, "Test CA", impostor, now.minus(Duration.ofDays(1)),
                Duration.ofDays(100), true);
        X509Certificate leaf = TestKeys.cert("node", leafKey, "Test CA", caKey, now.minus(Duration.ofDays(1)),
                Duration.ofDays(30), false);
        IamException e = assertThrows(IamException.class, () -> ChainVerifier.verify(List.of(leaf, forgedCa), now));
        assertEquals(ErrorCode.INVALID_CHECKSUM, e.code());
    }

    @Test
    void issuerNameMismatchIsNamed() throws Exception {
        X509Certificate leaf = TestKeys.cert("node", leafKey, "Other CA", caKey, now.minus(Duration.ofDays(1)),
                Duration.ofDays(30), false);
        IamException e = assertThrows(IamException.class, () -> ChainVerifier.verify(List.of(leaf, ca), now));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("is issued by CN=Other CA, but the next certificate is CN=Test CA"),
                e.getMessage());
    }
}
