package org.edgeiam.credentials.internal;

import java.security.SecureRandom;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.util.DeviceNames;

/** Credential IDs, and the checks of the names callers give. */
final class Names {
    private static final char[] BASE32HEX = "0123456789abcdefghijklmnopqrstuv".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Names() {
    }

    /** @return a new credential ID: 20 characters of base32hex, 100 random bits */
    static String newId() {
        byte[] bits = new byte[13];
        RANDOM.nextBytes(bits);
        char[] id = new char[20];
        for (int i = 0; i < id.length; i++) {
            int bit = i * 5;
            int word = ((bits[bit / 8] & 0xff) << 8) | (bits[bit / 8 + 1] & 0xff);
            id[i] = BASE32HEX[(word >> (11 - bit % 8)) & 0x1f];
        }
        return new String(id);
    }

    /**
     * @param field the field's name, for the message
     * @param value a username or client ID
     * @return the value
     * @throws IamException {@code INVALID_ARGUMENT} naming the field (never the value: it may be a
     *         mistyped password)
     */
    static String checkName(String field, String value) throws IamException {
        if (!DeviceNames.isClientName(value)) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, field + ": " + DeviceNames.CLIENT_NAME_FORM);
        }
        return value;
    }

    /**
     * @param tenantId a tenant ID
     * @return whether it has the form of one ({@code [a-z0-9][a-z0-9-]{0,62}})
     */
    static boolean isTenantId(String tenantId) {
        return DeviceNames.isTenantId(tenantId);
    }
}
