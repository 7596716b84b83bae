package org.edgeiam.provisioning.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.api.cert.CertModuleInfo;
import org.edgeiam.spi.keystore.ModuleStore;

/**
 * What the certificate handler does for provisioning, on real key stores and without a database:
 * each call goes to the cert type's {@link ModuleStore} as {@code CertModule} routes it.
 */
final class StoreCertHandler extends CertHandlerStub {
    final Map<String, ModuleStore> stores = new TreeMap<>();

    @Override
    public List<String> certTypes() {
        return new ArrayList<>(stores.keySet());
    }

    @Override
    public CertModuleInfo moduleInfo(String certType) throws IamException {
        return new CertModuleInfo(certType, "real", "ecc", 2, false, true, store(certType).isOwned(), "", List.of(),
                List.of());
    }

    @Override
    public boolean checkOwner(String certType, String password) throws IamException {
        return store(certType).checkOwner(password.toCharArray());
    }

    @Override
    public void setOwner(String certType, String password) throws IamException {
        store(certType).setOwner(password.toCharArray());
    }

    @Override
    public void clear(String certType) throws IamException {
        store(certType).clear();
    }

    @Override
    public CertInfo createSelfSignedCertificate(String certType) throws IamException {
        throw unsupported();
    }

    private ModuleStore store(String type) throws IamException {
        ModuleStore s = stores.get(type);
        if (s == null) {
            throw new IamException(ErrorCode.NOT_FOUND, "unknown cert type '" + type + "'");
        }
        return s;
    }
}
