package org.edgeiam.provisioning.internal;

import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.api.cert.CertListener;
import org.edgeiam.spi.keystore.TlsKey;

/** The certificate calls provisioning never makes: {@code NOT_SUPPORTED}. */
abstract class CertHandlerStub implements CertHandler {

    @Override
    public String createKey(String certType, String subject, String password) throws IamException {
        throw unsupported();
    }

    @Override
    public CertInfo applyCertificate(String certType, String pemChain) throws IamException {
        throw unsupported();
    }

    @Override
    public CertInfo getCertificate(String certType, byte[] issuer, byte[] serial) throws IamException {
        throw unsupported();
    }

    @Override
    public List<CertInfo> getCertificates(String certType) throws IamException {
        throw unsupported();
    }

    @Override
    public Subscription subscribeCertChanged(String certType, CertListener listener) throws IamException {
        throw unsupported();
    }

    @Override
    public TlsKey currentTlsKey(String certType) throws IamException {
        throw unsupported();
    }

    @Override
    public boolean isRevoked(byte[] issuer, byte[] serial) throws IamException {
        throw unsupported();
    }

    static IamException unsupported() {
        return new IamException(ErrorCode.NOT_SUPPORTED, "not in this fake");
    }
}
