package org.edgeiam.api.permissions;

import java.util.List;
import java.util.Map;

import org.edgeiam.api.IamException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Instance registration and permission look-up. Secrets are at least 122 bits of randomness
 * (UUIDv4 text) and are compared in constant time; they are never logged or listed.
 *
 * @since 1.0
 */
@ProviderType
public interface PermissionHandler {

    /**
     * Registers an instance, or updates the permissions of a registered one (its secret stays).
     *
     * @param instance the instance
     * @param permissions functional server ID → (function → permission)
     * @return the instance's secret
     * @throws IamException {@code NO_MEMORY} naming the limit exceeded (instances, servers,
     *         functions, lengths)
     */
    String registerInstance(InstanceIdent instance, Map<String, Map<String, String>> permissions) throws IamException;

    /**
     * @param instance a registered instance
     * @throws IamException {@code NOT_FOUND} if it is not registered
     */
    void unregisterInstance(InstanceIdent instance) throws IamException;

    /**
     * @param secret an instance secret
     * @param functionalServerId the functional server asking
     * @return the instance and its permissions on that server
     * @throws IamException {@code NOT_FOUND} for an unknown secret or a server the instance has
     *         no permissions for
     */
    InstancePermissions getPermissions(String secret, String functionalServerId) throws IamException;

    /** @return the registered instances (never their secrets) */
    List<InstanceIdent> instances();
}
