package org.edgeiam.api.cert;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Metadata of one stored certificate: a row of the {@code certificates} table.
 *
 * @param type cert type (the id of its cert module), e.g. {@code iam}
 * @param issuer DER encoding of the issuer name
 * @param serial serial number as unsigned big-endian bytes
 * @param certUrl where the certificate is ({@code pkcs11:} or {@code file:} URL)
 * @param keyUrl where the private key is
 * @param notAfter end of validity
 * @since 1.0
 */
public record CertInfo(String type, byte[] issuer, byte[] serial, String certUrl, String keyUrl,
        Instant notAfter) {
    /** Canonical constructor: copies the arrays; nothing may be {@code null}. */
    public CertInfo {
        Objects.requireNonNull(type, "type");
        issuer = issuer.clone();
        serial = serial.clone();
        Objects.requireNonNull(certUrl, "certUrl");
        Objects.requireNonNull(keyUrl, "keyUrl");
        Objects.requireNonNull(notAfter, "notAfter");
    }

    /** @return a copy of the DER issuer */
    @Override
    public byte[] issuer() {
        return issuer.clone();
    }

    /** @return a copy of the serial bytes */
    @Override
    public byte[] serial() {
        return serial.clone();
    }

    /** @return the serial as lower-case hex, as the v6 wire format carries it */
    public String serialHex() {
        return HexFormat.of().formatHex(serial);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertInfo c && type.equals(c.type) && Arrays.equals(issuer, c.issuer)
                && Arrays.equals(serial, c.serial) && certUrl.equals(c.certUrl)
                && keyUrl.equals(c.keyUrl) && notAfter.equals(c.notAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, Arrays.hashCode(issuer), Arrays.hashCode(serial), certUrl);
    }

    @Override
    public String toString() {
        return "CertInfo[" + type + ", serial=" + serialHex() + ", notAfter=" + notAfter + "]";
    }
}
