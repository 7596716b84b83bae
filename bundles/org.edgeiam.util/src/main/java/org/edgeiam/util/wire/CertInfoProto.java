package org.edgeiam.util.wire;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertInfo;

import com.google.protobuf.ByteString;

/**
 * {@code iamanager.v6.CertInfo} as AosEdge fills it, quirks included: GetCert and cert change
 * notifications carry type, cert URL and key URL only; ApplyCert's carries type, cert URL and
 * the serial as a lower-case hex string inside the bytes field.
 */
public final class CertInfoProto {
    private CertInfoProto() {
    }

    /** @return type, cert_url, key_url (GetCert, SubscribeCertChanged) */
    public static org.edgeiam.grpc.iamanager.v6.CertInfo forGetCert(CertInfo cert) {
        return org.edgeiam.grpc.iamanager.v6.CertInfo.newBuilder().setType(cert.type()).setCertUrl(cert.certUrl())
                .setKeyUrl(cert.keyUrl()).build();
    }

    /** @return type, cert_url, serial as lower-case hex text (ApplyCert) */
    public static org.edgeiam.grpc.iamanager.v6.CertInfo forApplyCert(CertInfo cert) {
        return org.edgeiam.grpc.iamanager.v6.CertInfo.newBuilder().setType(cert.type()).setCertUrl(cert.certUrl())
                .setSerial(ByteString.copyFrom(cert.serialHex(), StandardCharsets.US_ASCII)).build();
    }

    /**
     * @param hex a serial in hex, any case, as GetCertRequest carries it
     * @return the serial bytes
     * @throws IamException {@code INVALID_ARGUMENT} if it is not hex
     */
    public static byte[] serial(String hex) throws IamException {
        String text = hex.length() % 2 == 1 ? "0" + hex : hex;
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "serial '" + hex + "' is not a hex number");
        }
    }
}
