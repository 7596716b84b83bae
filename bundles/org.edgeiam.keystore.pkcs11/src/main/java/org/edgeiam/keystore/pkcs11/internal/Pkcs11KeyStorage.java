package org.edgeiam.keystore.pkcs11.internal;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.KeyStorage;
import org.edgeiam.spi.keystore.ModuleStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.StaticLogger;

/**
 * The key storage plugin {@value #PLUGIN_NAME}: keys and certificates on PKCS#11 tokens, through
 * ipkcs11wrapper. Each PKCS#11 library is loaded and initialised once and shared by every store
 * that names it; the component finalises the libraries it initialised when it stops, after
 * closing the stores still open (their callers then see {@code UNAVAILABLE} until they open them
 * again on the new instance). While active it routes the wrapper's log to slf4j.
 */
@Component(service = KeyStorage.class, property = KeyStorage.PLUGIN + "=" + Pkcs11KeyStorage.PLUGIN_NAME)
public class Pkcs11KeyStorage implements KeyStorage {
    /** The plugin name cert modules configure. */
    public static final String PLUGIN_NAME = "pkcs11module";

    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11KeyStorage.class);

    private final Map<Path, Pkcs11Library> libraries = new ConcurrentHashMap<>();
    private final Set<Pkcs11ModuleStore> stores = ConcurrentHashMap.newKeySet();
    private final TokenProvider provider = new TokenProvider();
    private final KeyIds ids = new KeyIds(new SecureRandom());
    private volatile boolean active = true;

    /**
     * Routes the wrapper's log to slf4j and makes the token provider visible to the JDK's TLS
     * engine, which finds signature implementations only among the registered providers (it is
     * added last and accepts nothing but this component's token keys, so no other key is ever
     * routed to it); {@link #deactivate()} removes it again, so a bundle update leaks nothing.
     */
    @Activate
    public Pkcs11KeyStorage() {
        StaticLogger.setLogger(new WrapperLogger());
        java.security.Security.addProvider(this.provider);
    }

    /**
     * @throws IamException {@code INVALID_ARGUMENT} naming a bad parameter (a library that does
     *         not exist or does not load), {@code NOT_FOUND} naming the token label (or slot) if
     *         there is no such token, {@code RUNTIME} if the library fails
     */
    @Override
    public ModuleStore open(String certType, Map<String, String> params) throws IamException {
        if (certType == null || certType.isBlank() || certType.startsWith(Clearing.CHAIN_PREFIX)) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "'" + certType + "' is no cert type for a PKCS#11 label");
        }
        ModuleParams parsed = ModuleParams.parse(params);
        Pkcs11ModuleStore store = new Pkcs11ModuleStore(certType, parsed, library(parsed.library()), this.provider,
                this.ids, this.stores::remove);
        store.checkToken();
        this.stores.add(store);
        LOG.debug("PKCS#11 store {} opened: library {}, {}, user PIN file {}, module path in URLs: {}", certType,
                parsed.library(), parsed.selection(), parsed.userPinPath(), parsed.modulePathInUrl());
        return store;
    }

    private synchronized Pkcs11Library library(Path path) throws IamException {
        if (!this.active) {
            throw new IamException(ErrorCode.UNAVAILABLE, "the PKCS#11 key storage is stopping");
        }
        Pkcs11Library library = this.libraries.get(path);
        if (library == null) {
            library = Pkcs11Library.load(path);
            this.libraries.put(path, library);
        }
        return library;
    }

    @Override
    public String describe() {
        return "PKCS#11 token key store (ipkcs11wrapper), libraries " + this.libraries.keySet();
    }

    /** @return the JCA provider that signs with the keys of this component's stores */
    TokenProvider provider() {
        return this.provider;
    }

    /** Closes the open stores and finalises the libraries this component initialised. */
    @Deactivate
    public synchronized void deactivate() {
        this.active = false;
        java.security.Security.removeProvider(this.provider.getName());
        for (Pkcs11ModuleStore store : this.stores) {
            store.close();
        }
        for (Pkcs11Library library : this.libraries.values()) {
            library.close();
        }
        this.libraries.clear();
        StaticLogger.setLogger(null);
        LOG.info("PKCS#11 key storage stopped");
    }
}
