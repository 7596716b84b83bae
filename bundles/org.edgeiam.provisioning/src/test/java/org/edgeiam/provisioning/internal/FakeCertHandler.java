package org.edgeiam.provisioning.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.api.cert.CertModuleInfo;

/**
 * Cert types whose stores are an owner password (or none) and a list of certificate names. The
 * password rules are those of the real stores: a store with an owner accepts only its password,
 * one without takes the first. Every call that changes a store is recorded in {@link #changes}.
 */
final class FakeCertHandler extends CertHandlerStub {
    /** One cert type's store. */
    static final class Store {
        String owner;
        final List<String> certs = new ArrayList<>();
        boolean selfSigned;
    }

    final Map<String, Store> stores = new TreeMap<>();
    final List<String> changes = new ArrayList<>();
    /** false: checkOwner is the API's default, as in a handler that cannot check. */
    boolean canCheck = true;

    Store add(String type, String owner, String... certs) {
        Store store = new Store();
        store.owner = owner;
        store.certs.addAll(List.of(certs));
        stores.put(type, store);
        return store;
    }

    @Override
    public List<String> certTypes() {
        return new ArrayList<>(stores.keySet());
    }

    @Override
    public CertModuleInfo moduleInfo(String certType) throws IamException {
        Store s = store(certType);
        return new CertModuleInfo(certType, "fake", "ecc", 2, s.selfSigned, true, s.owner != null, "", List.of(),
                List.of());
    }

    @Override
    public boolean checkOwner(String certType, String password) throws IamException {
        if (!canCheck) {
            return super.checkOwner(certType, password); // the API default
        }
        Store s = store(certType);
        if (s.owner != null && !s.owner.equals(password)) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "wrong owner password for fake store " + certType);
        }
        return s.owner != null;
    }

    @Override
    public void setOwner(String certType, String password) throws IamException {
        checkOwner(certType, password);
        store(certType).owner = password;
        changes.add("setOwner " + certType);
    }

    @Override
    public void clear(String certType) throws IamException {
        store(certType).certs.clear();
        changes.add("clear " + certType);
    }

    @Override
    public CertInfo createSelfSignedCertificate(String certType) throws IamException {
        store(certType).certs.add("self-signed");
        changes.add("self-signed " + certType);
        return null;
    }

    private Store store(String type) throws IamException {
        Store s = stores.get(type);
        if (s == null) {
            throw new IamException(ErrorCode.NOT_FOUND, "unknown cert type '" + type + "'");
        }
        return s;
    }
}
