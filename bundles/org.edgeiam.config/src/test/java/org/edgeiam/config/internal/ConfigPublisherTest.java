package org.edgeiam.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing: configurations that the file no longer produces are deleted. */
class ConfigPublisherTest {
    @TempDir
    Path dir;

    /** PID → properties of the configurations that exist. */
    private final Map<String, Dictionary<String, Object>> store = new TreeMap<>();

    @Test
    void switchingFromSecondaryToMainRemovesTheClientConfiguration() throws Exception {
        Path file = dir.resolve("iam.cfg");
        Files.writeString(file, """
                {"workingDir": "/w", "nodeInfo": {},
                 "mainIAMPublicServerURL": "main:8090", "mainIAMProtectedServerURL": "main:8089"}
                """);
        ConfigPublisher.publish(admin(), file.toString(), new AosConfigMapper(dir).read(file, false));
        assertTrue(store.containsKey(AosConfigMapper.CLIENT_PID));
        assertEquals("main:8090", store.get(AosConfigMapper.CLIENT_PID).get("main.public.url"));

        Files.writeString(file, "{\"workingDir\": \"/w\", \"nodeInfo\": {}}");
        ConfigPublisher.publish(admin(), file.toString(), new AosConfigMapper(dir).read(file, false));

        assertFalse(store.containsKey(AosConfigMapper.CLIENT_PID), "the client's configuration is deleted");
        assertTrue(store.containsKey(AosConfigMapper.SERVER_PID));
    }

    /** An in-memory ConfigurationAdmin with just what {@link ConfigPublisher#publish} uses. */
    private ConfigurationAdmin admin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getConfiguration":
                            return configuration((String) args[0]);
                        case "getFactoryConfiguration":
                            return configuration(args[0] + "~" + args[1]);
                        case "listConfigurations":
                            return store.keySet().stream().filter(pid -> store.get(pid).get(ConfigPublisher.SOURCE) != null)
                                    .map(this::configuration).toArray(Configuration[]::new);
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getPid":
                            return pid;
                        case "getProperties":
                            return store.get(pid);
                        case "update":
                            @SuppressWarnings("unchecked")
                            Dictionary<String, Object> props = (Dictionary<String, Object>) args[0];
                            store.put(pid, new Hashtable<>((Hashtable<String, Object>) props));
                            return null;
                        case "delete":
                            store.remove(pid);
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
