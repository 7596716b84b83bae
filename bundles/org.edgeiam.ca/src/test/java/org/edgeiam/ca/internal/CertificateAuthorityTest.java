package org.edgeiam.ca.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.ca.ClientKeyType;
import org.edgeiam.api.ca.IssuedCertificate;
import org.edgeiam.api.credentials.Credential;
import org.edgeiam.api.credentials.CredentialState;
import org.junit.jupiter.api.Test;

/** The device CA with the real software key store, judged by {@code openssl verify}. */
class CertificateAuthorityTest extends CaTestBase {

    static KeyPair keyPair(String algorithm, Object spec) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        if (spec instanceof String curve) {
            g.initialize(new ECGenParameterSpec(curve));
        } else if (spec instanceof Integer bits) {
            g.initialize(bits);
        }
        return g.generateKeyPair();
    }

    static byte[] csr(KeyPair kp, String signature, String... dns) throws Exception {
        var b = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=whatever the device asks"), kp.getPublic());
        if (dns.length > 0) {
            ExtensionsGenerator ext = new ExtensionsGenerator();
            GeneralName[] names = new GeneralName[dns.length];
            for (int i = 0; i < dns.length; i++) {
                names[i] = new GeneralName(GeneralName.dNSName, dns[i]);
            }
            ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
        }
        return b.build(new JcaContentSignerBuilder(signature).build(kp.getPrivate())).getEncoded();
    }

    @Test
    void givenTenant_whenTrustChainAsked_thenOneTenantCaUnderThePlatformKeptAcrossRestarts() throws Exception {
        List<X509Certificate> chain = this.ca.trustChain("acme");
        List<X509Certificate> again = newCa(Clock.systemUTC()).trustChain("acme");
        X509Certificate globex = this.ca.trustChain("globex").get(0);

        assertEquals(2, chain.size());
        X509Certificate tenantCa = chain.get(0);
        assertEquals(0, tenantCa.getBasicConstraints(), "CA with path length 0");
        tenantCa.verify(this.platform.chain().get(0).getPublicKey());
        assertEquals("CN=Tenant CA acme,OU=tenant acme,O=EdgeIAM device authority",
                tenantCa.getSubjectX500Principal().getName());
        assertEquals(chain, again, "the same tenant CA after a restart");
        assertNotEquals(tenantCa.getPublicKey(), globex.getPublicKey(), "each tenant its own key");
        assertTrue(openssl("verify", "-CAfile", pem("p.pem", this.platform.chain().get(0)).toString(),
                pem("t.pem", tenantCa).toString()).startsWith("0: "));
    }

    @Test
    void givenCsrsOfEveryPermittedKeyType_whenIssued_thenOpensslVerifiesEachForClientAuth() throws Exception {
        Object[][] keys = {{"EC", "secp256r1", "SHA256withECDSA"}, {"EC", "secp384r1", "SHA384withECDSA"},
            {"Ed25519", null, "Ed25519"}, {"RSA", 2048, "SHA256withRSA"}};
        for (Object[] k : keys) {
            IssuedCertificate issued = this.ca.issue("acme", csr(keyPair((String) k[0], k[1]), (String) k[2],
                    "pump-1.devices.acme.example"), "pump-1");

            assertNull(issued.privateKeyPem(), "the device keeps its key");
            assertEquals(3, issued.chain().size());
            assertEquals("CN=pump-1,OU=tenant acme", issued.certificate().getSubjectX500Principal().getName());
            assertEquals(List.of("1.3.6.1.5.5.7.3.2"), issued.certificate().getExtendedKeyUsage());
            String verdict = verify(issued.chain(), this.ca.trustChain("acme"), null);
            assertTrue(verdict.startsWith("0: ") && verdict.endsWith("OK"), k[0] + ": " + verdict);
        }
    }

    @Test
    void givenBadCsrs_whenIssued_thenInvalidArgumentNamingTheProblemAndNothingIssued() throws Exception {
        KeyPair ec = keyPair("EC", "secp256r1");
        byte[] good = csr(ec, "SHA256withECDSA");
        byte[] tampered = good.clone();
        tampered[tampered.length - 5] ^= 0x01;
        KeyPair other = keyPair("EC", "secp256r1");

        String garbage = thenFails(ErrorCode.INVALID_ARGUMENT,
                () -> this.ca.issue("acme", "not a csr".getBytes(), "d")).getMessage();
        String badSig = thenFails(ErrorCode.INVALID_ARGUMENT, () -> this.ca.issue("acme", tampered, "d")).getMessage();
        String rsa1024 = thenFails(ErrorCode.INVALID_ARGUMENT,
                () -> this.ca.issue("acme", csr(keyPair("RSA", 1024), "SHA256withRSA"), "d")).getMessage();
        String secp256k1 = thenFails(ErrorCode.INVALID_ARGUMENT,
                () -> this.ca.issue("acme", csr(keyPair("EC", "secp521r1"), "SHA512withECDSA"), "d")).getMessage();
        String huge = thenFails(ErrorCode.INVALID_ARGUMENT,
                () -> this.ca.issue("acme", new byte[CsrCheck.MAX_BYTES + 1], "d")).getMessage();
        String pemKey = thenFails(ErrorCode.INVALID_ARGUMENT, () -> this.ca.issue("acme",
                pemText(other.getPublic()).getBytes(), "d")).getMessage();
        thenFails(ErrorCode.INVALID_ARGUMENT, () -> this.ca.issue("acme", good, "bad client id"));
        thenFails(ErrorCode.NOT_FOUND, () -> this.ca.issue("initech", good, "d"));

        assertTrue(garbage.startsWith("csr: not a PKCS#10 request"), garbage);
        assertTrue(badSig.startsWith("csr: "), badSig);
        assertTrue(rsa1024.equals("csr: RSA keys must have 2048, 3072 or 4096 bits, this one has 1024"), rsa1024);
        assertTrue(secp256k1.equals("csr: EC keys must be on the named curve P-256 or P-384"), secp256k1);
        assertTrue(huge.equals("csr: larger than 16384 bytes"), huge);
        assertTrue(pemKey.equals("csr: the PEM block is not a CERTIFICATE REQUEST"), pemKey);
    }

    @Test
    void givenTenantProfile_whenNamesOrKeyTypesOutsideIt_thenRefusedAndConstraintsInTheTenantCa() throws Exception {
        this.ca.addProfile(profile("acme", new String[] {".acme.example"}, new String[] {"EC_P256"}));
        KeyPair ec = keyPair("EC", "secp256r1");

        String outside = thenFails(ErrorCode.INVALID_ARGUMENT, () -> this.ca.issue("acme",
                csr(ec, "SHA256withECDSA", "pump.globex.example"), "pump")).getMessage();
        String p384 = thenFails(ErrorCode.INVALID_ARGUMENT, () -> this.ca.issue("acme",
                csr(keyPair("EC", "secp384r1"), "SHA384withECDSA"), "pump")).getMessage();
        thenFails(ErrorCode.INVALID_ARGUMENT, () -> this.ca.generate("acme", "pump", ClientKeyType.RSA_2048));
        IssuedCertificate inside = this.ca.issue("acme", csr(ec, "SHA256withECDSA", "pump.acme.example"), "pump");

        assertTrue(outside.contains("DNS name pump.globex.example is outside tenant acme's name constraints"), outside);
        assertTrue(p384.contains("key type EC_P384 is not permitted for this tenant"), p384);
        assertTrue(this.ca.trustChain("acme").get(0).getExtensionValue(Extension.nameConstraints.getId()) != null);
        assertTrue(verify(inside.chain(), this.ca.trustChain("acme"), null).endsWith("OK"));
        long days = java.time.Duration.between(inside.certificate().getNotBefore().toInstant(),
                inside.certificate().getNotAfter().toInstant()).toDays();
        assertEquals(30, days, "the tenant's client validity");
    }

    @Test
    void givenGeneratedKey_whenIssued_thenTheKeyIsReturnedOnceAndMatchesTheCertificate() throws Exception {
        IssuedCertificate issued = this.ca.generate("acme", "camera-3", ClientKeyType.ED25519);

        assertTrue(issued.privateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(!issued.toString().contains("PRIVATE KEY"), "toString without the key");
        try (PEMParser p = new PEMParser(new StringReader(issued.privateKeyPem()))) {
            var key = new JcaPEMKeyConverter().getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) p.readObject());
            var sig = java.security.Signature.getInstance("Ed25519");
            sig.initSign(key);
            sig.update(new byte[] {1, 2, 3});
            byte[] s = sig.sign();
            sig.initVerify(issued.certificate().getPublicKey());
            sig.update(new byte[] {1, 2, 3});
            assertTrue(sig.verify(s));
        }
        assertTrue(verify(issued.chain(), this.ca.trustChain("acme"), null).endsWith("OK"));
    }

    @Test
    void givenRevokedAndSuspendedCredentials_whenCrlsAsked_thenListedAndOpensslRefusesTheRevoked() throws Exception {
        IssuedCertificate a = this.ca.issue("acme", csr(keyPair("EC", "secp256r1"), "SHA256withECDSA"), "a");
        IssuedCertificate b = this.ca.issue("acme", csr(keyPair("EC", "secp256r1"), "SHA256withECDSA"), "b");
        IssuedCertificate c = this.ca.issue("acme", csr(keyPair("EC", "secp256r1"), "SHA256withECDSA"), "c");
        Credential ca = this.credentials.createX509("acme", a.certificate(), "a");
        Credential cb = this.credentials.createX509("acme", b.certificate(), "b");
        this.credentials.createX509("acme", c.certificate(), "c");
        this.credentials.setState("acme", ca.id(), CredentialState.REVOKED, -1);
        this.credentials.authenticateCertificate("acme", b.certificate());
        this.credentials.setState("acme", cb.id(), CredentialState.SUSPENDED, -1);

        List<X509CRL> crls = this.ca.crls("acme");

        assertEquals(1, crls.size());
        X509CRL crl = crls.get(0);
        crl.verify(this.ca.trustChain("acme").get(0).getPublicKey());
        X509CRLEntry revoked = crl.getRevokedCertificate(a.certificate().getSerialNumber());
        assertTrue(revoked != null);
        assertEquals("CERTIFICATE_HOLD", crl.getRevokedCertificate(b.certificate().getSerialNumber())
                .getRevocationReason().name());
        assertNull(crl.getRevokedCertificate(c.certificate().getSerialNumber()));
        String verdictA = verify(a.chain(), this.ca.trustChain("acme"), crls);
        String verdictC = verify(c.chain(), this.ca.trustChain("acme"), crls);
        assertTrue(verdictA.contains("certificate revoked"), verdictA);
        assertTrue(verdictC.endsWith("OK"), verdictC);
        assertTrue(this.ca.crls("globex").get(0).getRevokedCertificates() == null, "tenants apart");
    }

    @Test
    void givenRenewedTenantCa_whenDevicesVerify_thenOldCertificatesStillVerifyAndNewOnesUseTheNewKey() throws Exception {
        IssuedCertificate before = this.ca.issue("acme", csr(keyPair("EC", "secp256r1"), "SHA256withECDSA"), "old");
        X509Certificate oldCa = this.ca.trustChain("acme").get(0);
        Thread.sleep(1100); // certificate times have a resolution of one second: the new one is newer

        X509Certificate newCa = this.ca.renewTenantCa("acme");
        IssuedCertificate after = this.ca.issue("acme", csr(keyPair("EC", "secp256r1"), "SHA256withECDSA"), "new");
        List<X509Certificate> trust = this.ca.trustChain("acme");

        assertEquals(List.of(newCa, oldCa, this.platform.chain().get(0)), trust);
        assertEquals(oldCa.getSubjectX500Principal(), newCa.getSubjectX500Principal());
        assertNotEquals(oldCa.getPublicKey(), newCa.getPublicKey());
        after.certificate().verify(newCa.getPublicKey());
        assertTrue(verify(before.chain(), trust, null).endsWith("OK"), "issued before the renewal");
        assertTrue(verify(after.chain(), trust, null).endsWith("OK"));
        assertEquals(2, this.ca.crls("acme").size(), "one CRL per valid tenant CA key");
    }

    private static String pemText(Object o) throws Exception {
        java.io.StringWriter w = new java.io.StringWriter();
        try (var pw = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(w)) {
            pw.writeObject(o);
        }
        return w.toString();
    }
}
