package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ca.CertificateAuthority;
import org.edgeiam.api.ca.IssuedCertificate;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.credentials.AuthOutcome;
import org.edgeiam.api.credentials.Authenticator;
import org.edgeiam.api.credentials.Credential;
import org.edgeiam.api.credentials.CredentialService;
import org.edgeiam.api.credentials.CredentialState;
import org.edgeiam.spi.storage.Storage;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The device CA in the runtime: the platform CA is a cert type whose key was made on a SoftHSM2
 * token (and never leaves it: tenant CAs are signed through its handle) and whose certificate an
 * offline root (openssl) signed; tenant CAs follow from it; a device's CSR
 * made by openssl is issued and the chain passes {@code openssl verify} against the root alone,
 * until its credential is revoked and the tenant's CRL says so.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeviceCaTest extends EdgeIamTestSupport {
    private static final String OWNER_PASSWORD = "ca-owner";

    @Configuration
    public Option[] config() {
        freshSoftHsmTokens();
        return runtime("ca", hsmModule("platformca", "edgeiam-platform-ca"));
    }

    private Path dir() {
        return Path.of(context.getProperty(TEST_DIR));
    }

    private TestCa root() throws IOException {
        return new TestCa(dir().resolve("offline-root"));
    }

    private CertificateAuthority givenProvisionedPlatformCa() throws Exception {
        await(Storage.class);
        CertHandler handler = await(CertHandler.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!handler.moduleInfo("platformca").available() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (handler.getCertificates("platformca").isEmpty()) {
            if (!handler.moduleInfo("platformca").owned()) {
                handler.setOwner("platformca", OWNER_PASSWORD);
            }
            String csr = handler.createKey("platformca", "Gateway platform CA", OWNER_PASSWORD);
            handler.applyCertificate("platformca", root().signAsCa(csr, 3650));
        }
        return await(CertificateAuthority.class);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() + ": " + out.strip();
    }

    private String verify(Path work, IssuedCertificate issued, List<X509Certificate> trust, List<X509CRL> crls)
            throws Exception {
        Files.writeString(work.resolve("leaf.pem"), pem("CERTIFICATE", issued.certificate().getEncoded()));
        StringBuilder untrusted = new StringBuilder();
        for (X509Certificate c : trust) {
            if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                untrusted.append(pem("CERTIFICATE", c.getEncoded()));
            }
        }
        Files.writeString(work.resolve("untrusted.pem"), untrusted);
        List<String> cmd = new ArrayList<>(List.of("openssl", "verify", "-purpose", "sslclient", "-CAfile",
                root().cert().toString(), "-untrusted", "untrusted.pem"));
        if (crls != null) {
            StringBuilder crlPem = new StringBuilder();
            for (X509CRL crl : crls) {
                crlPem.append(pem("X509 CRL", crl.getEncoded()));
            }
            Files.writeString(work.resolve("crls.pem"), crlPem);
            cmd.addAll(List.of("-crl_check", "-CRLfile", "crls.pem"));
        }
        cmd.add("leaf.pem");
        return run(work, cmd.toArray(String[]::new));
    }

    @Test
    public void aDeviceCsrFromOpensslIsIssuedVerifiesToTheOfflineRootAndIsRefusedOnceRevoked() throws Exception {
        CertificateAuthority ca = givenProvisionedPlatformCa();
        Path work = Files.createDirectories(dir().resolve("device-1"));
        String made = run(work, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", "device.key", "-subj", "/CN=ignored", "-out", "device.csr");
        assertTrue(made, made.startsWith("0: "));

        IssuedCertificate issued = ca.issue("acme", Files.readAllBytes(work.resolve("device.csr")), "device-1");
        List<X509Certificate> trust = ca.trustChain("acme");
        Credential cred = await(CredentialService.class).createX509("acme", issued.certificate(), "device-1");

        assertEquals("tenant CA, platform CA, offline root", 3, trust.size());
        String ok = verify(work, issued, trust, ca.crls("acme"));
        assertTrue(ok, ok.endsWith("leaf.pem: OK"));
        assertEquals(AuthOutcome.OK, await(Authenticator.class).authenticateCertificate("acme", issued.certificate())
                .outcome());

        await(CredentialService.class).setState("acme", cred.id(), CredentialState.REVOKED, -1);

        String refused = verify(work, issued, trust, ca.crls("acme"));
        assertTrue(refused, refused.contains("certificate revoked"));
        assertEquals(AuthOutcome.REVOKED, await(Authenticator.class).authenticateCertificate("acme",
                issued.certificate()).outcome());
        String listed = shell("iam:ca acme");
        assertTrue(listed, listed.contains("CN=Tenant CA acme") && listed.contains("CN=Gateway platform CA"));
    }

    @Test
    public void malformedCsrAndUnknownTenantAreRefusedPrecisely() throws Exception {
        CertificateAuthority ca = givenProvisionedPlatformCa();
        try {
            ca.issue("acme", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"
                    .getBytes(StandardCharsets.US_ASCII), "device-2");
            throw new AssertionError("issued from a broken CSR");
        } catch (org.edgeiam.api.IamException e) {
            assertEquals(org.edgeiam.api.ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage(), e.getMessage().startsWith("csr: "));
        }
        try {
            ca.trustChain("initech");
            throw new AssertionError("a CA for an unknown tenant");
        } catch (org.edgeiam.api.IamException e) {
            assertEquals(org.edgeiam.api.ErrorCode.NOT_FOUND, e.code());
        }
    }
}
