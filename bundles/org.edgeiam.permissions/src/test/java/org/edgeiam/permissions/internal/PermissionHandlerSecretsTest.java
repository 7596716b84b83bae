package org.edgeiam.permissions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.permissions.InstanceIdent;
import org.junit.jupiter.api.Test;
import org.edgeiam.testutil.LogCapture;

import ch.qos.logback.classic.Level;

/**
 * {@link PermissionHandlerImpl} beyond the reference's cases: the secrets, what is logged,
 * defensive copies and concurrent use.
 */
class PermissionHandlerSecretsTest extends PermissionHandlerTestBase {
    private static final int THREADS = 8;

    @Test
    void secretsAreDistinct256BitBase64UrlStrings() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < PermissionLimits.MAX_INSTANCES; i++) {
            String secret = givenRegistered(instance(i), PERMISSIONS);

            assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), secret);
            assertEquals(32, Base64.getUrlDecoder().decode(secret).length, "256 random bits");
            assertTrue(secret.length() <= PermissionLimits.MAX_SECRET_LENGTH);
            assertTrue(secrets.add(secret), "secret given twice");
        }
    }

    @Test
    void secretIsDrawnAgainOnCollision() throws Exception {
        Iterator<String> draws = List.of("secret-a", "secret-a", "secret-a", "secret-b").iterator();
        this.handler = new PermissionHandlerImpl(draws::next);

        String first = givenRegistered(INSTANCE1, PERMISSIONS);
        String second = givenRegistered(INSTANCE2, PERMISSIONS);

        assertEquals("secret-a", first);
        assertEquals("secret-b", second);
        thenPermissions("secret-b", "vis", INSTANCE2, Map.of("*", "rw", "test", "r"));
        assertFalse(draws.hasNext(), "collisions are drawn again until the secret is new");
    }

    @Test
    void secretsAreNeverLogged() throws Exception {
        try (LogCapture log = new LogCapture(PermissionHandlerImpl.class)) {
            String secret = givenRegistered(INSTANCE1, PERMISSIONS);
            givenRegistered(INSTANCE1, permissions("vis", "*", "r"));
            this.handler.getPermissions(secret, "vis");
            thenNotFound(secret, "unknown");
            thenNotFound(similar(secret), "vis");
            whenRegistered(INSTANCE2, servers(PermissionLimits.MAX_SERVERS + 1));
            this.handler.unregisterInstance(INSTANCE1);

            assertTrue(log.logged(Level.INFO, "service1"), "instance idents are logged");
            assertTrue(log.logged(Level.WARN, "limit of 16"), "failed registrations are logged");
            for (String message : log.messages()) {
                assertFalse(message.contains(secret), () -> "a secret was logged: " + message);
                assertFalse(message.contains(similar(secret)), message);
            }
        }
    }

    /** @return a guess that differs from {@code secret} in its first character only */
    private static String similar(String secret) {
        return (secret.charAt(0) == 'A' ? "B" : "A") + secret.substring(1);
    }

    @Test
    void laterChangesToTheCallersMapsDoNotReachTheHandler() throws Exception {
        Map<String, String> vis = new HashMap<>(Map.of("*", "r"));
        Map<String, Map<String, String>> permissions = new HashMap<>(Map.of("vis", vis));
        String secret = givenRegistered(INSTANCE1, permissions);

        vis.put("*", "rw");
        permissions.put("systemCore", Map.of("*", "rw"));

        thenPermissions(secret, "vis", INSTANCE1, Map.of("*", "r"));
        thenNotFound(secret, "systemCore");
    }

    @Test
    void nullKeysAndValuesAreInvalidArguments() {
        Map<String, String> nullPermission = new HashMap<>();
        nullPermission.put("*", null);
        Map<String, Map<String, String>> nullServer = new HashMap<>();
        nullServer.put(null, Map.of("*", "r"));

        whenRegistered(INSTANCE1, Map.of("vis", nullPermission));
        thenFails(ErrorCode.INVALID_ARGUMENT, "function '*'", "'vis'");
        whenRegistered(INSTANCE1, nullServer);
        thenFails(ErrorCode.INVALID_ARGUMENT, "functional server ID");
        assertEquals(List.of(), this.handler.instances());
    }

    @Test
    void concurrentRegistrationsGetDistinctSecretsUpToTheLimit() throws Exception {
        int perThread = PermissionLimits.MAX_INSTANCES / THREADS;
        List<Callable<List<String>>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int first = t * perThread;
            tasks.add(() -> {
                List<String> secrets = new ArrayList<>();
                for (int i = first; i < first + perThread; i++) {
                    secrets.add(this.handler.registerInstance(instance(i), PERMISSIONS));
                    // a re-registration and a look-up between the registrations of others
                    assertEquals(secrets.get(secrets.size() - 1), this.handler.registerInstance(
                            instance(i), permissions("vis", "*", "r")));
                    this.handler.getPermissions(secrets.get(secrets.size() - 1), "vis");
                }
                return secrets;
            });
        }

        List<String> secrets = new ArrayList<>();
        for (List<String> part : runTogether(tasks)) {
            secrets.addAll(part);
        }

        assertEquals(PermissionLimits.MAX_INSTANCES, new HashSet<>(secrets).size());
        assertEquals(PermissionLimits.MAX_INSTANCES, this.handler.instances().size());
        for (int i = 0; i < secrets.size(); i++) {
            thenPermissions(secrets.get(i), "vis", instance(i), Map.of("*", "r"));
        }
        whenRegistered(instance(PermissionLimits.MAX_INSTANCES), PERMISSIONS);
        thenFails(ErrorCode.NO_MEMORY, "256");
    }

    @Test
    void concurrentRegistrationsOfOneInstanceShareOneSecret() throws Exception {
        InstanceIdent same = new InstanceIdent("service1", "subject1", 1, 0, false);
        List<Callable<List<String>>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            tasks.add(() -> List.of(this.handler.registerInstance(same, PERMISSIONS)));
        }

        Set<String> secrets = new HashSet<>();
        for (List<String> part : runTogether(tasks)) {
            secrets.addAll(part);
        }

        assertEquals(1, secrets.size());
        assertEquals(List.of(same), this.handler.instances());
    }

    /** Starts all tasks at the same moment and returns their results. */
    private static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
