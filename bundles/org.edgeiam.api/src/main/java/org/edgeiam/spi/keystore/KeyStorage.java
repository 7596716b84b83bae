package org.edgeiam.spi.keystore;

import java.util.Map;

import org.edgeiam.api.IamException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A key storage backend. Register it with the service property {@value #PLUGIN} set to the
 * plugin name that cert modules configure ({@code pkcs11module}, {@code softmodule}).
 *
 * @since 1.0
 */
@ConsumerType
public interface KeyStorage {
    /** Service property: the plugin name of this backend. */
    String PLUGIN = "edgeiam.keystore.plugin";

    /**
     * Opens the store of one cert type. Opening does not take ownership and changes nothing
     * stored.
     *
     * @param certType the cert type (cert module id); objects of this type carry it as label
     * @param params the module's backend parameters from the configuration (AosEdge names:
     *        {@code library}, {@code tokenLabel}, {@code userPinPath}, {@code modulePathInUrl},
     *        … for PKCS#11; {@code storePath}, {@code userPinPath} for files)
     * @return the store; the caller closes it
     * @throws IamException {@code INVALID_ARGUMENT} naming a bad parameter (e.g. a library
     *         that does not exist): a configuration error, not tried again; {@code RUNTIME} if the
     *         backend cannot be reached, {@code NOT_FOUND} if the store's device is missing (a
     *         token not plugged in): the caller tries again later, so a later call must find a
     *         device that appeared meanwhile
     */
    ModuleStore open(String certType, Map<String, String> params) throws IamException;

    /**
     * @return a one-line description of this backend for diagnostics (never secrets)
     */
    String describe();
}
