package org.edgeiam.storage.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Masking of PINs in URLs before they reach a log or a message. */
class RedactTest {

    @Test
    void givenUrlWithPin_whenRedacted_thenEverythingAfterPinValueIsMasked() {
        assertEquals("pkcs11:token=aos;object=iam?module-path=/lib/x.so&pin-value=***",
                Redact.url("pkcs11:token=aos;object=iam?module-path=/lib/x.so&pin-value=1234&x=y"));
        assertEquals("pkcs11:object=k?PIN-VALUE=***", Redact.url("pkcs11:object=k?PIN-VALUE=secret"));
    }

    @Test
    void givenUrlWithoutPin_whenRedacted_thenUnchanged() {
        assertEquals("pkcs11:object=k?pin-source=/etc/pin", Redact.url("pkcs11:object=k?pin-source=/etc/pin"));
        assertEquals("file:/var/aos/crypt/iam.pem", Redact.url("file:/var/aos/crypt/iam.pem"));
        assertNull(Redact.url(null));
    }
}
