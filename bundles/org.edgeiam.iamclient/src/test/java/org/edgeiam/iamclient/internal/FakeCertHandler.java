package org.edgeiam.iamclient.internal;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.api.cert.CertListener;
import org.edgeiam.api.cert.CertModuleInfo;
import org.edgeiam.spi.keystore.TlsKey;

/**
 * Cert types {@code iam} and {@code sm}: CreateKey answers a fake CSR naming type and subject,
 * ApplyCert a CertInfo whose serial is the leading hex digits of the "PEM", and the TLS key of a
 * type is whatever {@link #setKey} installed last (subscribers are told).
 */
final class FakeCertHandler implements CertHandler {
    private final Map<String, TlsKey> keys = new ConcurrentHashMap<>();
    private final Map<String, List<CertListener>> listeners = new ConcurrentHashMap<>();

    /** Installs {@code key} as the current certificate of {@code type} and tells the subscribers. */
    void setKey(String type, TlsKey key) {
        keys.put(type, key);
        CertInfo info = new CertInfo(type, new byte[] {1}, key.chain().get(0).getSerialNumber().toByteArray(),
                "file:/certs/" + type, "file:/keys/" + type, Instant.now());
        listeners.getOrDefault(type, List.of()).forEach(l -> l.certChanged(info));
    }

    int subscribers(String type) {
        return listeners.getOrDefault(type, List.of()).size();
    }

    @Override
    public List<String> certTypes() {
        return List.of("iam", "sm");
    }

    @Override
    public CertModuleInfo moduleInfo(String certType) throws IamException {
        throw new IamException(ErrorCode.NOT_SUPPORTED, "not in this fake");
    }

    @Override
    public void setOwner(String certType, String password) {
    }

    @Override
    public void clear(String certType) {
    }

    @Override
    public String createKey(String certType, String subject, String password) throws IamException {
        known(certType);
        return "-----BEGIN CERTIFICATE REQUEST-----\n" + certType + ":" + subject + "\n-----END CERTIFICATE REQUEST-----\n";
    }

    @Override
    public CertInfo applyCertificate(String certType, String pemChain) throws IamException {
        known(certType);
        if (!pemChain.startsWith("serial=")) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "malformed PEM chain");
        }
        byte[] serial = new BigInteger(pemChain.substring("serial=".length()), 16).toByteArray();
        return new CertInfo(certType, new byte[] {1}, serial, "file:/certs/" + certType, "file:/keys/" + certType,
                Instant.now());
    }

    @Override
    public CertInfo createSelfSignedCertificate(String certType) throws IamException {
        throw new IamException(ErrorCode.NOT_SUPPORTED, "not in this fake");
    }

    @Override
    public CertInfo getCertificate(String certType, byte[] issuer, byte[] serial) throws IamException {
        throw new IamException(ErrorCode.NOT_FOUND, "not in this fake");
    }

    @Override
    public List<CertInfo> getCertificates(String certType) {
        return List.of();
    }

    @Override
    public Subscription subscribeCertChanged(String certType, CertListener listener) throws IamException {
        known(certType);
        List<CertListener> list = listeners.computeIfAbsent(certType, t -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> list.remove(listener);
    }

    @Override
    public TlsKey currentTlsKey(String certType) throws IamException {
        TlsKey key = keys.get(certType);
        if (key == null) {
            throw new IamException(ErrorCode.NOT_FOUND, "no " + certType + " certificate");
        }
        return key;
    }

    private static void known(String certType) throws IamException {
        if (!certType.equals("iam") && !certType.equals("sm")) {
            throw new IamException(ErrorCode.NOT_FOUND, "unknown cert type '" + certType + "'");
        }
    }

    @Override
    public boolean isRevoked(byte[] issuer, byte[] serial) {
        return false;
    }
}
