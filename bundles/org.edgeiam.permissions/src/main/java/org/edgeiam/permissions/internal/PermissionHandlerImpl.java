package org.edgeiam.permissions.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.permissions.InstanceIdent;
import org.edgeiam.api.permissions.InstancePermissions;
import org.edgeiam.api.permissions.PermissionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered instances and their permissions, in memory only like the AosEdge permhandler
 * (service managers register their instances again at start). Each instance gets a secret of 256
 * random bits from {@code SecureRandom} (43 characters of base64url), drawn again on the unlikely
 * collision; registering an instance again (all five {@link InstanceIdent} fields equal) keeps its
 * secret and replaces its permissions, where the reference kept the old ones. Secret look-ups
 * compare in constant time, and secrets appear neither in logs nor in exception messages. A
 * registration that breaks a {@link PermissionLimits limit} changes nothing. Client strings are
 * logged through {@link LogText}, so a CR or LF in them cannot forge a log line. All methods are
 * thread-safe: changes serialize on one lock; GetPermissions, the hot path, takes no lock.
 */
public final class PermissionHandlerImpl implements PermissionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PermissionHandlerImpl.class);

    private final Supplier<String> secrets;
    private final Object lock = new Object();
    /**
     * SHA-256 of each secret (hex) → its instance, for the lock-free look-up of GetPermissions.
     * Written under {@link #lock} together with {@link #registrations}.
     */
    private final Map<String, Entry> bySecretDigest = new ConcurrentHashMap<>();

    /** What the look-up finds: the instance and its registration at the time. */
    private record Entry(InstanceIdent instance, Registration registration) {
    }
    /** Guarded by {@link #lock}; in registration order. */
    private final Map<InstanceIdent, Registration> registrations = new LinkedHashMap<>();

    /** One instance's secret, as text and as the UTF-8 bytes it is compared by, and permissions. */
    private record Registration(String secret, byte[] secretBytes,
            Map<String, Map<String, String>> permissions) {
        Registration(String secret, Map<String, Map<String, String>> permissions) {
            this(secret, secret.getBytes(StandardCharsets.UTF_8), permissions);
        }

        Registration withPermissions(Map<String, Map<String, String>> newPermissions) {
            return new Registration(this.secret, this.secretBytes, newPermissions);
        }
    }

    /** A handler with secrets of {@link PermissionLimits#SECRET_BYTES} random bytes. */
    public PermissionHandlerImpl() {
        this(randomSecrets(new SecureRandom()));
    }

    /** @param secrets where new secrets come from; tests use it to provoke collisions */
    PermissionHandlerImpl(Supplier<String> secrets) {
        this.secrets = secrets;
    }

    @Override
    public String registerInstance(InstanceIdent instance,
            Map<String, Map<String, String>> permissions) throws IamException {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(permissions, "permissions");
        Map<String, Map<String, String>> checked;
        try {
            PermissionLimits.checkIdent(instance);
            checked = PermissionLimits.checkedCopy(instance, permissions);
        } catch (IamException e) {
            LOG.warn("Registering instance failed: {}", e.getMessage());
            throw e;
        }
        synchronized (this.lock) {
            Registration old = this.registrations.get(instance);
            if (old != null) {
                Registration updated = old.withPermissions(checked);
                this.registrations.put(instance, updated);
                this.bySecretDigest.put(digest(updated.secretBytes()), new Entry(instance, updated));
                LOG.info("Instance {} registered again: secret kept, permissions replaced, now "
                        + "for functional servers {}", LogText.of(instance), servers(checked));
                return old.secret();
            }
            if (this.registrations.size() >= PermissionLimits.MAX_INSTANCES) {
                IamException e = PermissionLimits.tooManyInstances(instance);
                LOG.warn("Registering instance failed: {}", e.getMessage());
                throw e;
            }
            String secret = newSecret();
            Registration created = new Registration(secret, checked);
            this.registrations.put(instance, created);
            this.bySecretDigest.put(digest(created.secretBytes()), new Entry(instance, created));
            LOG.info("Instance {} registered with permissions for functional servers {}",
                    LogText.of(instance), servers(checked));
            return secret;
        }
    }

    @Override
    public void unregisterInstance(InstanceIdent instance) throws IamException {
        Objects.requireNonNull(instance, "instance");
        PermissionLimits.checkIdent(instance);
        synchronized (this.lock) {
            Registration removed = this.registrations.remove(instance);
            if (removed == null) {
                throw new IamException(ErrorCode.NOT_FOUND,
                        "instance " + LogText.of(instance) + " is not registered");
            }
            this.bySecretDigest.remove(digest(removed.secretBytes()));
        }
        LOG.info("Instance {} unregistered", LogText.of(instance));
    }

    @Override
    public InstancePermissions getPermissions(String secret, String functionalServerId)
            throws IamException {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(functionalServerId, "functionalServerId");
        if (secret.length() > PermissionLimits.MAX_SECRET_LENGTH) {
            // cannot be one of ours; their length is no secret
            throw new IamException(ErrorCode.NOT_FOUND, "no instance has the given secret");
        }
        byte[] given = secret.getBytes(StandardCharsets.UTF_8);
        // The look-up goes by the SHA-256 of the secret: its timing can only depend on digest
        // bits, which say nothing usable about any secret (256 random bits, preimage-resistant
        // hash); the final comparison of the secrets themselves takes constant time.
        Entry entry = this.bySecretDigest.get(digest(given));
        InstanceIdent instance = null;
        Registration found = null;
        if (entry != null && MessageDigest.isEqual(given, entry.registration().secretBytes())) {
            instance = entry.instance();
            found = entry.registration();
        }
        if (found == null) {
            LOG.debug("Permissions for functional server {} asked with an unknown secret",
                    LogText.quote(functionalServerId));
            throw new IamException(ErrorCode.NOT_FOUND, "no instance has the given secret");
        }
        Map<String, String> permissions = found.permissions().get(functionalServerId);
        if (permissions == null) {
            LOG.debug("Instance {} has no permissions for functional server {}", LogText.of(instance),
                    LogText.quote(functionalServerId));
            throw new IamException(ErrorCode.NOT_FOUND, "instance " + LogText.of(instance)
                    + " has no permissions for functional server " + LogText.quote(functionalServerId));
        }
        return new InstancePermissions(instance, permissions);
    }

    @Override
    public List<InstanceIdent> instances() {
        synchronized (this.lock) {
            return List.copyOf(this.registrations.keySet());
        }
    }

    /** @return secrets of {@link PermissionLimits#SECRET_BYTES} random bytes, base64url without padding */
    static Supplier<String> randomSecrets(SecureRandom random) {
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        return () -> {
            byte[] bytes = new byte[PermissionLimits.SECRET_BYTES];
            random.nextBytes(bytes);
            return base64url.encodeToString(bytes);
        };
    }

    /** @return the functional server IDs of a registration, cleaned for the log */
    private static List<String> servers(Map<String, Map<String, String>> permissions) {
        return permissions.keySet().stream().map(LogText::clean).sorted().toList();
    }

    private static String digest(byte[] secret) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /** @return a secret no registered instance has; called under {@link #lock} */
    private String newSecret() {
        while (true) {
            String candidate = this.secrets.get();
            // not timing-sensitive: the candidate is ours, not a caller's guess
            boolean inUse = this.registrations.values().stream()
                    .anyMatch(r -> r.secret().equals(candidate));
            if (!inUse) {
                return candidate;
            }
            LOG.warn("A new secret collided with a registered instance's; drawing another");
        }
    }
}
