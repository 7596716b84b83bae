package org.edgeiam.credentials.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.security.auth.x500.X500Principal;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.credentials.AuthOutcome;
import org.edgeiam.api.credentials.AuthResult;
import org.edgeiam.api.credentials.Credential;
import org.edgeiam.api.credentials.CredentialState;
import org.junit.jupiter.api.Test;

/** X.509 credentials: bound by SHA-256 and by issuer + base-10 serial, validity checked, tenants apart. */
class X509CredentialTest extends CredentialTestBase {

    @Test
    void givenBoundCertificate_whenAuthenticatedByCertificateOrByIssuerAndSerial_thenActiveAndSameCredential()
            throws Exception {
        givenManager(4, 12, 1, 4);
        X509Certificate cert = certificate("device-1", 98_765_432_123L, T0.minusSeconds(60), T0.plus(Duration.ofDays(1)));
        Credential c = this.manager.createX509("acme", cert, "device-1");

        AuthResult byCert = this.manager.authenticateCertificate("acme", cert);
        AuthResult bySerial = this.manager.authenticateCertificate(
                cert.getIssuerX500Principal().getName(X500Principal.RFC2253), "98765432123");

        assertEquals(new AuthResult(AuthOutcome.OK, "OK", "acme", c.id(), "device-1"), byCert);
        assertEquals(byCert, bySerial, "22/CAP's request finds the tenant itself");
        assertEquals("98765432123", c.certificate().serialNumber());
        assertEquals(64, c.certificate().sha256().length());
        assertEquals(CredentialState.ACTIVE, this.manager.get("acme", c.id()).state());
        assertEquals(1, this.events.size());
    }

    @Test
    void givenBoundCertificate_whenOfferedInAnotherTenantOrUnbound_thenUnknown() throws Exception {
        givenManager(4, 12, 1, 4);
        X509Certificate cert = certificate("device-1", 7, T0.minusSeconds(60), T0.plus(Duration.ofDays(1)));
        X509Certificate other = certificate("device-1", 7, T0.minusSeconds(60), T0.plus(Duration.ofDays(1)));
        this.manager.createX509("acme", cert, "device-1");

        assertEquals(AuthOutcome.UNKNOWN, this.manager.authenticateCertificate("globex", cert).outcome());
        assertEquals(AuthOutcome.UNKNOWN, this.manager.authenticateCertificate("acme", other).outcome(),
                "same issuer name and serial, another key: its SHA-256 differs");
        assertEquals(AuthOutcome.BAD_REQUEST, this.manager.authenticateCertificate("CN=x", "0x1F").outcome());
        assertEquals(AuthOutcome.UNKNOWN, this.manager.authenticateCertificate("CN=x", "31").outcome());
        assertTrue(this.events.isEmpty());
    }

    @Test
    void givenCertificateOutsideItsValidity_whenAuthenticated_thenExpiredAndNotActivated() throws Exception {
        givenManager(4, 12, 1, 4);
        X509Certificate cert = certificate("device-1", 8, T0.plusSeconds(3600), T0.plus(Duration.ofDays(1)));
        Credential c = this.manager.createX509("acme", cert, "device-1");

        AuthResult early = this.manager.authenticateCertificate("acme", cert);
        this.clock.set(T0.plus(Duration.ofDays(2)));
        AuthResult late = this.manager.authenticateCertificate("acme", cert);

        assertEquals("certificate not yet valid", early.reasonPhrase());
        assertEquals("certificate expired", late.reasonPhrase());
        assertEquals(AuthOutcome.EXPIRED, late.outcome());
        assertEquals(CredentialState.INACTIVE, this.manager.get("acme", c.id()).state());
    }

    @Test
    void givenBadCertificates_whenBound_thenRefusedAndNothingStored() throws Exception {
        givenManager(4, 12, 1, 4);
        X509Certificate cert = certificate("device-1", 9, T0.minusSeconds(60), T0.plus(Duration.ofDays(1)));
        X509Certificate expired = certificate("device-2", 10, T0.minus(Duration.ofDays(9)), T0.minusSeconds(1));
        this.manager.createX509("acme", cert, "device-1");

        String m1 = thenFails(ErrorCode.ALREADY_EXIST, () -> this.manager.createX509("globex", cert, "d")).getMessage();
        String m2 = thenFails(ErrorCode.INVALID_ARGUMENT, () -> this.manager.createX509("acme", expired, "d"))
                .getMessage();
        thenFails(ErrorCode.INVALID_ARGUMENT, () -> this.manager.createX509("acme", null, "d"));

        assertTrue(m1.contains("serial number 9"), m1);
        assertTrue(m2.startsWith("certificate: expired on"), m2);
        assertEquals(0, this.manager.list("globex", org.edgeiam.api.credentials.CredentialKind.X509,
                java.util.Set.of(), 0, 10).total());
    }
}
