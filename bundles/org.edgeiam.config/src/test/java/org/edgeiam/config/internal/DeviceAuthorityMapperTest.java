package org.edgeiam.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tenants[]} and {@code credentials} of the configuration file. */
class DeviceAuthorityMapperTest {
    @TempDir
    Path dir;

    private Map<String, Map<String, Object>> read(String extra) throws Exception {
        Path file = this.dir.resolve("iam.cfg");
        Files.writeString(file, "{\"workingDir\": \"w\", \"nodeInfo\": {}" + extra + "}");
        return new AosConfigMapper(this.dir).read(file, false);
    }

    private String rejected(String extra) {
        IamException e = assertThrows(IamException.class, () -> read(extra));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        return e.getMessage();
    }

    @Test
    void tenantsBecomeFactoryConfigurationsAndCredentialsSettingsAreMapped() throws Exception {
        Map<String, Map<String, Object>> pids = read("""
                , "tenants": [{"id": "acme", "name": "ACME", "issuer": "https://idp/realms/acme",
                             "jwksUrl": "https://idp/realms/acme/certs"}, {"id": "globex"}],
                "credentials": {"bcryptCost": 11, "maxBcryptCost": 13, "concurrency": 2}
                """);

        assertEquals(Map.of("id", "acme", "name", "ACME", "issuer", "https://idp/realms/acme", "jwks.url",
                "https://idp/realms/acme/certs"), pids.get("org.edgeiam.tenant~acme"));
        assertEquals("globex", pids.get("org.edgeiam.tenant~globex").get("name"));
        assertEquals(Map.of("bcrypt.cost", 11, "bcrypt.max.cost", 13, "basic.concurrency", 2, "basic.queue.length", 0),
                pids.get("org.edgeiam.credentials"));
    }

    @Test
    void withoutTheKeysNothingIsPublished() throws Exception {
        Map<String, Map<String, Object>> pids = read("");

        assertFalse(pids.keySet().stream().anyMatch(p -> p.startsWith("org.edgeiam.tenant")), pids.keySet().toString());
        assertFalse(pids.containsKey("org.edgeiam.credentials"));
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertTrue(rejected(", \"tenants\": [{\"id\": \"ACME\"}]").endsWith("tenants[0].id: must match [a-z0-9][a-z0-9-]{0,62}"));
        assertTrue(rejected(", \"tenants\": [{\"id\": \"a\"}, {\"id\": \"a\"}]").contains("tenants[1].id: tenant 'a' is defined twice"));
        assertTrue(rejected(", \"tenants\": [{\"name\": \"x\"}]").contains("tenants[0].id"));
        assertTrue(rejected(", \"credentials\": {\"bcryptCost\": 13}").endsWith("credentials.bcryptCost: must be 4–12 (maxBcryptCost), found 13"));
        assertTrue(rejected(", \"credentials\": {\"maxBcryptCost\": 31}").endsWith("credentials.maxBcryptCost: must be 4–16, found 31"));
        assertTrue(rejected(", \"credentials\": {\"queueLength\": 100000}").contains("credentials.queueLength"));
    }
}
