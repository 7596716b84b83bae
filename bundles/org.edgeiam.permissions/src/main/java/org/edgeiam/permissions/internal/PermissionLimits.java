package org.edgeiam.permissions.internal;

import java.util.HashMap;
import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.permissions.InstanceIdent;

/**
 * The fixed limits of the permission handler, the same as the AosEdge permhandler's: 256
 * instances, and per instance 16 functional servers of 32 functions each, with server IDs,
 * functions and permissions of at most 32 characters; item and subject IDs of at most 64
 * characters (AosEdge {@code cIDLen}). {@link #checkedCopy} checks one registration's
 * permissions against them and returns an immutable deep copy, so the caller's maps can change
 * later without reaching the handler. Client strings in messages go through {@link LogText}.
 */
final class PermissionLimits {
    static final int MAX_INSTANCES = 256;
    static final int MAX_SERVERS = 16;
    static final int MAX_FUNCTIONS = 32;
    static final int MAX_LENGTH = 32;
    /** Longest item ID and subject ID of an instance (AosEdge {@code cIDLen}). */
    static final int MAX_ID_LENGTH = 64;
    /** Random bytes in a secret: 256 bits, 43 characters in base64url without padding. */
    static final int SECRET_BYTES = 32;
    /** Longest secret of the reference; ours are always 43 characters. */
    static final int MAX_SECRET_LENGTH = 64;

    private PermissionLimits() {
    }

    /**
     * @param instance the instance being registered, for the messages
     * @param permissions functional server ID → (function → permission)
     * @return an immutable copy of {@code permissions}
     * @throws IamException {@code NO_MEMORY} naming the limit and the item that exceeds it,
     *         {@code INVALID_ARGUMENT} for a {@code null} key or value
     */
    static Map<String, Map<String, String>> checkedCopy(InstanceIdent instance,
            Map<String, Map<String, String>> permissions) throws IamException {
        if (permissions.size() > MAX_SERVERS) {
            throw noMemory(instance, "it has permissions for " + permissions.size()
                    + " functional servers, more than the limit of " + MAX_SERVERS);
        }
        Map<String, Map<String, String>> copy = new HashMap<>();
        for (Map.Entry<String, Map<String, String>> server : permissions.entrySet()) {
            String serverId = notNull(instance, server.getKey(), "a functional server ID");
            Map<String, String> functions = notNull(instance, server.getValue(),
                    "the permissions of functional server " + quote(serverId));
            checkLength(instance, "functional server ID " + quote(serverId), serverId);
            if (functions.size() > MAX_FUNCTIONS) {
                throw noMemory(instance, "functional server " + quote(serverId) + " has "
                        + functions.size() + " functions, more than the limit of "
                        + MAX_FUNCTIONS);
            }
            for (Map.Entry<String, String> function : functions.entrySet()) {
                String name = notNull(instance, function.getKey(),
                        "a function of functional server " + quote(serverId));
                String permission = notNull(instance, function.getValue(), "the permission of "
                        + "function " + quote(name) + " on functional server " + quote(serverId));
                checkLength(instance, "function " + quote(name) + " of functional server "
                        + quote(serverId), name);
                checkLength(instance, "permission " + quote(permission) + " of function "
                        + quote(name) + " on functional server " + quote(serverId), permission);
            }
            copy.put(serverId, Map.copyOf(functions));
        }
        return Map.copyOf(copy);
    }

    /**
     * @param instance an instance given by a client
     * @throws IamException {@code INVALID_ARGUMENT} naming the field if its item or subject ID is
     *         longer than {@link #MAX_ID_LENGTH}
     */
    static void checkIdent(InstanceIdent instance) throws IamException {
        checkId("itemId", instance.itemId());
        checkId("subjectId", instance.subjectId());
    }

    private static void checkId(String field, String value) throws IamException {
        if (value.length() > MAX_ID_LENGTH) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "instance " + field + " " + quote(value) + " is "
                    + value.length() + " characters long, more than the limit of " + MAX_ID_LENGTH);
        }
    }

    /** The error for an instance that would exceed {@link #MAX_INSTANCES}. */
    static IamException tooManyInstances(InstanceIdent instance) {
        return noMemory(instance, "the limit of " + MAX_INSTANCES
                + " registered instances is reached");
    }

    private static void checkLength(InstanceIdent instance, String what, String value)
            throws IamException {
        if (value.length() > MAX_LENGTH) {
            throw noMemory(instance, what + " is " + value.length()
                    + " characters long, more than the limit of " + MAX_LENGTH);
        }
    }

    private static <T> T notNull(InstanceIdent instance, T value, String what)
            throws IamException {
        if (value == null) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    "cannot register instance " + LogText.of(instance) + ": " + what + " is null");
        }
        return value;
    }

    private static IamException noMemory(InstanceIdent instance, String reason) {
        return new IamException(ErrorCode.NO_MEMORY,
                "cannot register instance " + LogText.of(instance) + ": " + reason);
    }

    private static String quote(String value) {
        return LogText.quote(value);
    }
}
