package org.edgeiam.certhandler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.PendingKey;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz test of CreateKey's client-controlled {@code subject}, which {@link Csr#build} puts in the
 * CSR. Contract: a non-blank subject (CertModule rejects blank ones first) gives a CSR whose
 * subject is exactly one CN holding the subject verbatim, signed by the key; or an
 * {@link IamException} {@code INVALID_ARGUMENT} that says why. Seeds and past findings are under
 * {@code CsrFuzzTestInputs/subject}; docs/fuzzing.md.
 */
class CsrFuzzTest {
    private static final PendingKey KEY = key();

    @BeforeAll
    static void seedsOnly() {
        FuzzSupport.seedsWithoutHooks();
    }

    @FuzzTest(maxDuration = "2m")
    void subject(byte[] input) throws IOException, OperatorCreationException, PKCSException {
        String subject = new String(input, StandardCharsets.UTF_8);
        if (subject.isBlank()) {
            return;
        }
        String pem;
        try {
            pem = Csr.build(KEY, subject, List.of("localhost"), List.of("clientAuth", "serverAuth"));
        } catch (IamException e) {
            FuzzSupport.assertRejected(e, Set.of(ErrorCode.INVALID_ARGUMENT));
            return;
        }
        PKCS10CertificationRequest csr;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            csr = (PKCS10CertificationRequest) parser.readObject();
        }
        RDN[] rdns = csr.getSubject().getRDNs();
        assertTrue(rdns.length == 1 && !rdns[0].isMultiValued(), () -> "one CN, found " + csr.getSubject());
        assertEquals(BCStyle.CN, rdns[0].getFirst().getType());
        ASN1Encodable cn = rdns[0].getFirst().getValue();
        assertTrue(cn instanceof ASN1String s && s.getString().equals(subject),
                () -> "the CN is the subject verbatim, found " + cn.getClass().getSimpleName() + " " + cn);
        assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Crypto.BC)
                .build(KEY.publicKey())), "signature");
    }

    private static PendingKey key() {
        try {
            return TestKeys.pending(TestKeys.ec());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
