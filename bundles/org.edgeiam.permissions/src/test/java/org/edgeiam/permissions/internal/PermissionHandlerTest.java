package org.edgeiam.permissions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.permissions.InstanceIdent;
import org.junit.jupiter.api.Test;

/** {@link PermissionHandlerImpl} against the reference's permhandler test cases (§9). */
class PermissionHandlerTest extends PermissionHandlerTestBase {

    @Test
    void registerInstanceSucceeds() throws Exception {
        String secret1 = givenRegistered(INSTANCE1, PERMISSIONS);
        String secret2 = givenRegistered(INSTANCE2, permissions("vis", "*", "r"));

        assertTrue(secret1.matches(SECRET), secret1);
        assertTrue(secret2.matches(SECRET), secret2);
        assertNotEquals(secret1, secret2);
        assertEquals(List.of(INSTANCE1, INSTANCE2), this.handler.instances());
        thenPermissions(secret1, "vis", INSTANCE1, Map.of("*", "rw", "test", "r"));
        thenPermissions(secret2, "vis", INSTANCE2, Map.of("*", "r"));
    }

    @Test
    void registerInstanceReturnsSecretFromCacheWithUpdatedPermissions() throws Exception {
        String secret = givenRegistered(INSTANCE1, PERMISSIONS);
        InstanceIdent same = new InstanceIdent("service1", "subject1", 1, 0, false);

        String again = givenRegistered(same, permissions("vis", "*", "r"));

        assertEquals(secret, again);
        assertEquals(List.of(INSTANCE1), this.handler.instances());
        thenPermissions(secret, "vis", INSTANCE1, Map.of("*", "r"));
        thenNotFound(secret, "systemCore");
    }

    @Test
    void registerInstanceReachedMaxSize() throws Exception {
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < PermissionLimits.MAX_INSTANCES; i++) {
            secrets.add(givenRegistered(instance(i), PERMISSIONS));
        }
        InstanceIdent extra = instance(PermissionLimits.MAX_INSTANCES);

        whenRegistered(extra, PERMISSIONS);

        thenFails(ErrorCode.NO_MEMORY, "256", "service256");
        assertEquals(PermissionLimits.MAX_INSTANCES, this.handler.instances().size());
        assertEquals(PermissionLimits.MAX_INSTANCES, new HashSet<>(secrets).size());
        assertEquals(secrets.get(7), givenRegistered(instance(7), permissions("vis", "*", "r")),
                "an instance registered already may update its permissions at the limit");
        this.handler.unregisterInstance(instance(0));
        givenRegistered(extra, PERMISSIONS);
    }

    @Test
    void getPermissionsNotFound() throws Exception {
        String secret = givenRegistered(INSTANCE1, PERMISSIONS);

        IamException unknownSecret = thenNotFound("00000000-0000-4000-8000-000000000000", "vis");
        IamException unknownServer = thenNotFound(secret, "unknown");

        assertTrue(unknownServer.getMessage().contains("unknown"), unknownServer.getMessage());
        assertTrue(!unknownServer.getMessage().contains(secret), "messages never hold a secret");
        thenNotFound("", "vis");
        thenNotFound(secret.toUpperCase(), "vis");
        thenNotFound(secret + " ", "vis");
        assertTrue(unknownSecret.getMessage().contains("secret"), unknownSecret.getMessage());
    }

    @Test
    void getPermissionsNoMemoryForPerms() throws Exception {
        whenRegistered(INSTANCE1, servers(PermissionLimits.MAX_SERVERS + 1));
        thenFails(ErrorCode.NO_MEMORY, "17 functional servers", "limit of 16", "service1");

        whenRegistered(INSTANCE1, functions(PermissionLimits.MAX_FUNCTIONS + 1));
        thenFails(ErrorCode.NO_MEMORY, "'vis' has 33 functions", "limit of 32");

        whenRegistered(INSTANCE1, permissions(text(33), "*", "r"));
        thenFails(ErrorCode.NO_MEMORY, "functional server ID '" + text(33) + "'", "limit of 32");

        whenRegistered(INSTANCE1, permissions("vis", text(33), "r"));
        thenFails(ErrorCode.NO_MEMORY, "function '" + text(33) + "' of functional server 'vis'",
                "limit of 32");

        whenRegistered(INSTANCE1, permissions("vis", "*", text(33)));
        thenFails(ErrorCode.NO_MEMORY, "permission '" + text(33) + "'", "function '*'",
                "limit of 32");

        whenRegistered(INSTANCE1, permissions("vis", "*", text(100_000)));
        thenFails(ErrorCode.NO_MEMORY, "100000 characters");
        assertTrue(this.failure.getMessage().length() < 500, "a huge item is quoted cut short");

        assertEquals(List.of(), this.handler.instances(), "failed registrations change nothing");
    }

    @Test
    void failedReRegistrationKeepsThePermissions() throws Exception {
        String secret = givenRegistered(INSTANCE1, PERMISSIONS);

        whenRegistered(INSTANCE1, servers(PermissionLimits.MAX_SERVERS + 1));

        thenFails(ErrorCode.NO_MEMORY, "limit of 16");
        thenPermissions(secret, "systemCore", INSTANCE1, Map.of("test1.*", "rw", "test2", "r"));
    }

    @Test
    void limitsAreInclusive() throws Exception {
        givenRegistered(INSTANCE1, servers(PermissionLimits.MAX_SERVERS));
        givenRegistered(INSTANCE1, functions(PermissionLimits.MAX_FUNCTIONS));
        String secret = givenRegistered(INSTANCE1, permissions(text(32), text(32), text(32)));

        thenPermissions(secret, text(32), INSTANCE1, Map.of(text(32), text(32)));
        givenRegistered(INSTANCE2, Map.of());
    }

    @Test
    void unregisterInstance() throws Exception {
        String secret1 = givenRegistered(INSTANCE1, PERMISSIONS);
        String secret2 = givenRegistered(INSTANCE2, PERMISSIONS);

        this.handler.unregisterInstance(INSTANCE1);

        thenNotFound(secret1, "vis");
        thenPermissions(secret2, "vis", INSTANCE2, Map.of("*", "rw", "test", "r"));
        assertEquals(List.of(INSTANCE2), this.handler.instances());
        IamException e = assertThrows(IamException.class,
                () -> this.handler.unregisterInstance(INSTANCE1));
        thenIs(e, ErrorCode.NOT_FOUND, "service1");
        assertNotEquals(secret1, givenRegistered(INSTANCE1, PERMISSIONS),
                "registering after unregistering gives a new secret");
    }

    @Test
    void testInstancePermissions() throws Exception {
        // instances that differ in exactly one of the five fields are different instances
        List<InstanceIdent> instances = List.of(
                new InstanceIdent("item", "subject", 1, 0, false),
                new InstanceIdent("item2", "subject", 1, 0, false),
                new InstanceIdent("item", "subject2", 1, 0, false),
                new InstanceIdent("item", "subject", 2, 0, false),
                new InstanceIdent("item", "subject", 1, 1, false),
                new InstanceIdent("item", "subject", 1, 0, true));
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            secrets.add(givenRegistered(instances.get(i), Map.of("vis", Map.of("*", "r" + i),
                    "systemCore", Map.of("test1.*", "rw" + i))));
        }

        assertEquals(instances, this.handler.instances());
        assertEquals(instances.size(), new HashSet<>(secrets).size());
        for (int i = 0; i < instances.size(); i++) {
            thenPermissions(secrets.get(i), "vis", instances.get(i), Map.of("*", "r" + i));
            thenPermissions(secrets.get(i), "systemCore", instances.get(i),
                    Map.of("test1.*", "rw" + i));
        }
    }
}
