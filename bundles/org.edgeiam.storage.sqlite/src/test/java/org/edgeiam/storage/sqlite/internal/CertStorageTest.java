package org.edgeiam.storage.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertInfo;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** The {@code certificates} table through the {@code Storage} API. */
class CertStorageTest extends StorageTestBase {

    @Test
    void givenEmptyStorage_whenCertAdded_thenGetReturnsItWithAllFields() throws Exception {
        givenOpenStorage();
        CertInfo cert = cert("iam", 1, 1);

        this.storage.addCertInfo(cert);

        assertEquals(cert, this.storage.getCertInfo(cert.issuer(), cert.serial()));
    }

    @Test
    void givenStoredCert_whenSameIssuerAndSerialAddedWithOtherType_thenAlreadyExistAndFirstKept() throws Exception {
        givenOpenStorage();
        CertInfo first = cert("iam", 1, 1);
        this.storage.addCertInfo(first);
        CertInfo duplicate = new CertInfo("online", first.issuer(), first.serial(), "file:/other", "file:/other-key",
                Instant.EPOCH);

        IamException e = thenFails(ErrorCode.ALREADY_EXIST, () -> this.storage.addCertInfo(duplicate));

        assertTrue(e.getMessage().contains(first.serialHex()), e.getMessage());
        assertEquals(first, this.storage.getCertInfo(first.issuer(), first.serial()));
    }

    @Test
    void givenStoredCert_whenSameSerialOfOtherIssuerAdded_thenBothStored() throws Exception {
        givenOpenStorage();
        this.storage.addCertInfo(cert("iam", 1, 7));

        this.storage.addCertInfo(cert("iam", 2, 7));

        assertEquals(2, this.storage.getCertsInfo("iam").size());
    }

    @Test
    void givenNoCert_whenGet_thenNotFound() throws Exception {
        givenOpenStorage();
        this.storage.addCertInfo(cert("iam", 1, 1));

        thenFails(ErrorCode.NOT_FOUND, () -> this.storage.getCertInfo(cert("iam", 1, 2).issuer(), cert("iam", 1, 2).serial()));
    }

    @Test
    void givenStoredCert_whenRemovedByTypeAndUrl_thenGone() throws Exception {
        givenOpenStorage();
        CertInfo cert = cert("iam", 1, 1);
        this.storage.addCertInfo(cert);
        this.storage.addCertInfo(cert("iam", 1, 2));

        this.storage.removeCertInfo("iam", cert.certUrl());

        thenFails(ErrorCode.NOT_FOUND, () -> this.storage.getCertInfo(cert.issuer(), cert.serial()));
        assertEquals(List.of(cert("iam", 1, 2)), this.storage.getCertsInfo("iam"));
    }

    @Test
    void givenStoredCert_whenRemovedWithOtherTypeOrUrl_thenNotFoundAndKept() throws Exception {
        givenOpenStorage();
        CertInfo cert = cert("iam", 1, 1);
        this.storage.addCertInfo(cert);

        thenFails(ErrorCode.NOT_FOUND, () -> this.storage.removeCertInfo("online", cert.certUrl()));
        thenFails(ErrorCode.NOT_FOUND, () -> this.storage.removeCertInfo("iam", "file:/nowhere"));

        assertEquals(cert, this.storage.getCertInfo(cert.issuer(), cert.serial()));
    }

    @Test
    void givenCertsOfTwoTypes_whenGetCertsInfo_thenOnlyThatTypeInInsertionOrder() throws Exception {
        givenOpenStorage();
        this.storage.addCertInfo(cert("iam", 1, 3));
        this.storage.addCertInfo(cert("online", 1, 1));
        this.storage.addCertInfo(cert("iam", 1, 2));

        assertEquals(List.of(cert("iam", 1, 3), cert("iam", 1, 2)), this.storage.getCertsInfo("iam"));
        assertEquals(List.of(), this.storage.getCertsInfo("offline"));
    }

    @Test
    void givenCertsOfTwoTypes_whenAllOfOneTypeRemoved_thenOnlyTheOtherTypeLeft() throws Exception {
        givenOpenStorage();
        this.storage.addCertInfo(cert("iam", 1, 1));
        this.storage.addCertInfo(cert("iam", 1, 2));
        this.storage.addCertInfo(cert("online", 1, 3));

        this.storage.removeAllCertsInfo("iam");
        this.storage.removeAllCertsInfo("unknown");

        assertEquals(List.of(), this.storage.getCertsInfo("iam"));
        assertEquals(List.of(cert("online", 1, 3)), this.storage.getCertsInfo("online"));
    }

    @Test
    void givenCert_whenStored_thenNotAfterIsUnixNanosecondsInTheFile() throws Exception {
        givenOpenStorage();

        this.storage.addCertInfo(cert("iam", 1, 1));

        assertEquals(List.of("1893553445123456789"), query(dbFile(), "SELECT notAfter FROM certificates"));
    }

    @Test
    void givenNotAfterBeyond2262_whenStored_thenReadBackAsLastRepresentableInstant() throws Exception {
        givenOpenStorage();
        CertInfo c = cert("iam", 1, 1);
        CertInfo forever = new CertInfo("iam", c.issuer(), c.serial(), c.certUrl(), c.keyUrl(),
                Instant.parse("9999-12-31T23:59:59Z"));

        this.storage.addCertInfo(forever);

        assertEquals(Instant.parse("2262-04-11T23:47:16.854775807Z"),
                this.storage.getCertInfo(c.issuer(), c.serial()).notAfter());
        assertEquals(Long.MIN_VALUE, CertTable.toNanos(Instant.parse("1000-01-01T00:00:00Z")));
    }

    @Test
    void givenUrlWithPin_whenAddedRemovedAndNotFound_thenPinIsNeverLoggedNorInMessages() throws Exception {
        givenOpenStorage();
        Logger logger = (Logger) LoggerFactory.getLogger(CertTable.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
        try {
            CertInfo c = cert("iam", 1, 1);
            String url = "pkcs11:token=aos;object=iam?pin-value=s3cr3t";
            this.storage.addCertInfo(new CertInfo("iam", c.issuer(), c.serial(), url, url, c.notAfter()));
            this.storage.removeCertInfo("iam", url);
            IamException e = thenFails(ErrorCode.NOT_FOUND, () -> this.storage.removeCertInfo("iam", url));

            assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
            assertEquals(2, logs.list.size());
            logs.list.forEach(event -> assertFalse(event.getFormattedMessage().contains("s3cr3t"), event.getFormattedMessage()));
            assertTrue(logs.list.get(0).getFormattedMessage().contains("pin-value=***"));
        } finally {
            logger.detachAppender(logs);
            logger.setLevel(null);
            logger.setAdditive(true);
        }
    }

    @Test
    void givenEightThreads_whenEachAddsCerts_thenAllAreStored() throws Exception {
        givenOpenStorage();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int issuer = t;
                done.add(pool.submit(() -> {
                    for (int serial = 0; serial < 25; serial++) {
                        this.storage.addCertInfo(cert("iam", issuer, serial));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        assertEquals(200, this.storage.getCertsInfo("iam").size());
    }
}
