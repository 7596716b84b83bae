package org.edgeiam.permissions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.permissions.InstanceIdent;
import org.edgeiam.api.permissions.InstancePermissions;

/**
 * Shared data and given/when/then steps of the {@link PermissionHandlerImpl} tests. The test data
 * follows the reference's: functional servers {@code vis} and {@code systemCore}, functions such
 * as {@code *} and {@code test1.*}, permissions {@code r} and {@code rw}.
 */
abstract class PermissionHandlerTestBase {
    /** 32 random bytes in base64url without padding. */
    static final String SECRET = "[A-Za-z0-9_-]{43}";
    static final InstanceIdent INSTANCE1 = new InstanceIdent("service1", "subject1", 1, 0, false);
    static final InstanceIdent INSTANCE2 = new InstanceIdent("service2", "subject1", 1, 0, false);
    static final Map<String, Map<String, String>> PERMISSIONS = Map.of(
            "vis", Map.of("*", "rw", "test", "r"),
            "systemCore", Map.of("test1.*", "rw", "test2", "r"));

    PermissionHandlerImpl handler = new PermissionHandlerImpl();
    IamException failure;

    static InstanceIdent instance(int index) {
        return new InstanceIdent("service" + index, "subject1", index, 0, false);
    }

    /** @return {@code server} → ({@code function} → {@code permission}) */
    static Map<String, Map<String, String>> permissions(String server, String function,
            String permission) {
        return Map.of(server, Map.of(function, permission));
    }

    /** @return {@code count} servers {@code server0}, … each with function {@code *} = r */
    static Map<String, Map<String, String>> servers(int count) {
        Map<String, Map<String, String>> servers = new HashMap<>();
        for (int i = 0; i < count; i++) {
            servers.put("server" + i, Map.of("*", "r"));
        }
        return servers;
    }

    /** @return server {@code vis} with {@code count} functions {@code f0}, … = r */
    static Map<String, Map<String, String>> functions(int count) {
        Map<String, String> functions = new HashMap<>();
        for (int i = 0; i < count; i++) {
            functions.put("f" + i, "r");
        }
        return Map.of("vis", functions);
    }

    static String text(int length) {
        return "x".repeat(length);
    }

    String givenRegistered(InstanceIdent instance, Map<String, Map<String, String>> permissions) {
        String secret = whenRegistered(instance, permissions);
        assertNull(this.failure, () -> "registering failed: " + this.failure.getMessage());
        return secret;
    }

    /** @return the secret, or {@code null} with {@link #failure} set */
    String whenRegistered(InstanceIdent instance, Map<String, Map<String, String>> permissions) {
        this.failure = null;
        try {
            return this.handler.registerInstance(instance, permissions);
        } catch (IamException e) {
            this.failure = e;
            return null;
        }
    }

    void thenFails(ErrorCode code, String... mentioned) {
        assertNotNull(this.failure, "the call should fail");
        thenIs(this.failure, code, mentioned);
    }

    static void thenIs(IamException e, ErrorCode code, String... mentioned) {
        assertEquals(code, e.code(), e.getMessage());
        for (String text : mentioned) {
            assertTrue(e.getMessage().contains(text),
                    () -> "message should name '" + text + "': " + e.getMessage());
        }
    }

    /** Asserts that {@code secret} gives {@code instance} with {@code expected} on {@code server}. */
    void thenPermissions(String secret, String server, InstanceIdent instance,
            Map<String, String> expected) throws IamException {
        InstancePermissions found = this.handler.getPermissions(secret, server);
        assertEquals(instance, found.instance());
        assertEquals(expected, found.permissions());
    }

    IamException thenNotFound(String secret, String server) {
        IamException e = assertThrows(IamException.class,
                () -> this.handler.getPermissions(secret, server));
        assertEquals(ErrorCode.NOT_FOUND, e.code(), e.getMessage());
        return e;
    }
}
