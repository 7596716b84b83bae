package org.edgeiam.keystore.soft.internal;

import java.security.Provider;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.jcajce.util.BCJcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.KeyStorage;
import org.edgeiam.spi.keystore.ModuleStore;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key storage plugin {@value #PLUGIN_NAME}: keys and certificates in files, for gateways
 * without an HSM. Each cert type gets a {@link SoftModuleStore} on its own directory; keys are
 * generated and encrypted with a private BouncyCastle provider instance, which is never
 * registered in the JVM's global provider list. Stores still open when the component stops are
 * closed, so callers see {@code UNAVAILABLE} until they open them again on the new instance.
 */
@Component(service = KeyStorage.class, property = KeyStorage.PLUGIN + "=" + SoftKeyStorage.PLUGIN_NAME)
public class SoftKeyStorage implements KeyStorage {
    /** The plugin name cert modules configure. */
    public static final String PLUGIN_NAME = "softmodule";

    private static final Logger LOG = LoggerFactory.getLogger(SoftKeyStorage.class);

    private final SecureRandom random = new SecureRandom();
    /** Made at the first key operation, not at start-up: building it loads about 500 classes. */
    private volatile Provider provider;
    private final Set<SoftModuleStore> stores = ConcurrentHashMap.newKeySet();

    @Override
    public ModuleStore open(String certType, Map<String, String> params) throws IamException {
        StoreLayout layout = StoreLayout.of(certType, params);
        SoftModuleStore store = new SoftModuleStore(layout, this::provider, this.random, this.stores::remove);
        this.stores.add(store);
        LOG.debug("soft store {} opened: directory {}, user PIN file {}", certType, layout.dir(), layout.pinFile());
        return store;
    }

    @Override
    public String describe() {
        Bundle bc = FrameworkUtil.getBundle(BouncyCastleProvider.class);
        return "software key store (PKCS#8 files encrypted with AES-256, BouncyCastle "
                + (bc != null ? bc.getVersion().toString() : provider().getVersionStr()) + ")";
    }

    private Provider provider() {
        Provider p = this.provider;
        if (p == null) {
            synchronized (this) {
                p = this.provider;
                if (p == null) {
                    p = new BCJcaJceHelper().getProvider(); // BouncyCastle's own, shared by every bundle
                    this.provider = p;
                }
            }
        }
        return p;
    }

    @Deactivate
    void deactivate() {
        for (SoftModuleStore store : this.stores) {
            store.close();
        }
    }
}
