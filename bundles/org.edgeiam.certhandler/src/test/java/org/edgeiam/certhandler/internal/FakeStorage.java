package org.edgeiam.certhandler.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.spi.storage.Storage;
import org.edgeiam.spi.storage.StorageStatus;

/** The certificate rows of a database, in memory; node calls are not supported. */
final class FakeStorage implements Storage {
    final List<CertInfo> certs = new CopyOnWriteArrayList<>();

    @Override
    public void addCertInfo(CertInfo cert) {
        certs.add(cert);
    }

    @Override
    public void removeCertInfo(String type, String certUrl) {
        certs.removeIf(c -> c.type().equals(type) && c.certUrl().equals(certUrl));
    }

    @Override
    public void removeAllCertsInfo(String type) {
        certs.removeIf(c -> c.type().equals(type));
    }

    @Override
    public CertInfo getCertInfo(byte[] issuer, byte[] serial) throws IamException {
        return certs.stream().filter(c -> Arrays.equals(c.issuer(), issuer) && Arrays.equals(c.serial(), serial))
                .findFirst().orElseThrow(() -> new IamException(ErrorCode.NOT_FOUND, "no such certificate"));
    }

    @Override
    public List<CertInfo> getCertsInfo(String type) {
        return certs.stream().filter(c -> c.type().equals(type)).toList();
    }

    @Override
    public void setNodeInfo(NodeInfo info) throws IamException {
        throw unsupported();
    }

    @Override
    public Optional<NodeInfo> getNodeInfo(String nodeId) throws IamException {
        throw unsupported();
    }

    @Override
    public List<String> getAllNodeIds() throws IamException {
        throw unsupported();
    }

    @Override
    public void removeNodeInfo(String nodeId) throws IamException {
        throw unsupported();
    }

    @Override
    public StorageStatus status() {
        return new StorageStatus("memory", 0, java.util.Map.of());
    }

    private static IamException unsupported() {
        return new IamException(ErrorCode.NOT_SUPPORTED, "not in this fake");
    }
}
