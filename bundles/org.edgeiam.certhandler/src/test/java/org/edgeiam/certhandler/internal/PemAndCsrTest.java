package org.edgeiam.certhandler.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.Test;

class PemAndCsrTest {

    @Test
    void chainRoundTripsThroughPem() throws Exception {
        KeyPair k = TestKeys.ec();
        X509Certificate a = TestKeys.cert("a", k, "a", k, Instant.now(), Duration.ofDays(1), true);
        X509Certificate b = TestKeys.cert("b", k, "a", k, Instant.now(), Duration.ofDays(1), false);
        List<X509Certificate> parsed = Pem.parseChain(Pem.write(b, a));
        assertEquals(List.of(b, a), parsed);
    }

    @Test
    void badPemIsInvalidArgumentWithTheReason() {
        assertEquals("the certificate chain is empty", invalid("  ").getMessage());
        assertEquals("no PEM certificate found", invalid("hello").getMessage());
        assertTrue(invalid("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n").getMessage()
                .startsWith("malformed PEM certificate 1"));
        assertTrue(invalid("x".repeat(300_000)).getMessage().contains("larger than"));
    }

    @Test
    void aCsrInsteadOfACertificateIsNamed() throws Exception {
        String csr = Csr.build(TestKeys.pending(TestKeys.ec()), "node", List.of(), List.of());
        assertTrue(invalid(csr).getMessage().contains("PEM block 1 is not a certificate"));
    }

    @Test
    void csrCarriesSubjectNamesAndUsagesAndVerifies() throws Exception {
        KeyPair k = TestKeys.ec();
        String pem = Csr.build(TestKeys.pending(k), "node-1, O=evil", List.of("localhost", "gw.local"),
                List.of("serverAuth", "clientAuth"));
        PKCS10CertificationRequest csr;
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            csr = (PKCS10CertificationRequest) p.readObject();
        }
        assertEquals(1, csr.getSubject().getRDNs().length, "the subject is one CN, never parsed as a DN");
        assertEquals("node-1, O=evil", csr.getSubject().getRDNs()[0].getFirst().getValue().toString());
        assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Crypto.BC).build(k.getPublic())));
        Extensions ext = Extensions.getInstance(csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0]
                .getAttrValues().getObjectAt(0));
        GeneralNames san = GeneralNames.getInstance(ext.getExtensionParsedValue(Extension.subjectAlternativeName));
        assertEquals(2, san.getNames().length);
        ExtendedKeyUsage eku = ExtendedKeyUsage.getInstance(ext.getExtensionParsedValue(Extension.extendedKeyUsage));
        assertArrayEquals(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth},
                eku.getUsages());
    }

    @Test
    void selfSignedIsAosCoreForAHundredYears() throws Exception {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        X509Certificate c = Csr.selfSigned(TestKeys.pending(TestKeys.ec()), now);
        assertEquals("CN=Aos Core", c.getSubjectX500Principal().getName());
        assertEquals(c.getSubjectX500Principal(), c.getIssuerX500Principal());
        assertEquals(now.getEpochSecond() * 1_000_000_000L, c.getSerialNumber().longValueExact());
        assertEquals(2126, c.getNotAfter().toInstant().atZone(java.time.ZoneOffset.UTC).getYear());
        c.verify(c.getPublicKey(), Crypto.BC);
    }

    private static IamException invalid(String pem) {
        IamException e = assertThrows(IamException.class, () -> Pem.parseChain(pem));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        return e;
    }
}
