package org.edgeiam.storage.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.cert.CertInfo;
import org.junit.jupiter.api.Test;

/** The {@code revokedcerts} table: trimming moves a row there, expired ones go, reopening keeps them. */
class RevokedStorageTest extends StorageTestBase {

    @Test
    void givenStoredCert_whenRevoked_thenRowGoneAndCertRevokedAfterReopen() throws Exception {
        givenOpenStorage();
        CertInfo old = cert("cm", 1, 1);
        CertInfo kept = cert("cm", 1, 2);
        this.storage.addCertInfo(old);
        this.storage.addCertInfo(kept);

        this.storage.revokeCertInfo(old);
        whenReopened();

        assertEquals(List.of(kept), this.storage.getCertsInfo("cm"));
        assertTrue(this.storage.isRevoked(old.issuer(), old.serial()));
        assertFalse(this.storage.isRevoked(kept.issuer(), kept.serial()));
        assertFalse(this.storage.isRevoked(new byte[] {0x30, 0x10, 9}, old.serial()), "other issuer, same serial");
        assertEquals(1L, this.storage.status().rowCounts().get("revokedcerts"));
        List<CertInfo> revoked = this.storage.getRevokedCerts();
        assertEquals(1, revoked.size());
        assertEquals(new CertInfo("cm", old.issuer(), old.serial(), "", "", old.notAfter()), revoked.get(0));
    }

    @Test
    void givenCertNotStored_whenRevoked_thenNotFoundAndNothingRecorded() throws Exception {
        givenOpenStorage();
        CertInfo stranger = cert("cm", 1, 5);

        thenFails(ErrorCode.NOT_FOUND, () -> this.storage.revokeCertInfo(stranger));

        assertFalse(this.storage.isRevoked(stranger.issuer(), stranger.serial()));
    }

    @Test
    void givenExpiredRevocation_whenAnotherCertRevoked_thenTheExpiredOneIsDropped() throws Exception {
        givenOpenStorage();
        CertInfo expired = new CertInfo("cm", new byte[] {0x30, 0x10, 1}, new byte[] {0x01, 3}, "file:/c3", "file:/k3",
                Instant.parse("2020-01-01T00:00:00Z"));
        CertInfo old = cert("cm", 1, 1);
        this.storage.addCertInfo(expired);
        this.storage.addCertInfo(old);
        this.storage.revokeCertInfo(expired);
        assertFalse(this.storage.isRevoked(expired.issuer(), expired.serial()), "expired: validity refuses it anyway");

        this.storage.revokeCertInfo(old);

        assertEquals(List.of("1"), query(dbFile(), "SELECT COUNT(*) FROM revokedcerts"));
        assertTrue(this.storage.isRevoked(old.issuer(), old.serial()));
    }
}
