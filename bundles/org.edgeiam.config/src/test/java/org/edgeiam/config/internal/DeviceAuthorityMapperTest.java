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
        assertFalse(pids.containsKey("org.edgeiam.ca"), "no tenants, no device CA");
    }

    @Test
    void withTenantsTheDeviceCaIsOnWithItsDefaultsOrTheFilesValues() throws Exception {
        Map<String, Map<String, Object>> defaults = read(", \"tenants\": [{\"id\": \"acme\"}]");
        Map<String, Map<String, Object>> set = read("""
                , "tenants": [{"id": "acme", "ca": {"nameConstraints": [".acme.example"], "keyTypes": ["EC_P256"],
                  "clientValidityDays": 30}}],
                  "deviceCa": {"platformCertType": "root2", "keyStore": "pkcs11module", "storePath": "cas",
                  "clientValidityDays": 90}
                """);

        assertEquals(Map.of("platform.cert.type", "platformca", "store.path", this.dir.resolve("w/tenant-ca").toString(),
                "keyStorage.target", "(edgeiam.keystore.plugin=softmodule)"), defaults.get("org.edgeiam.ca"));
        Map<String, Object> ca = set.get("org.edgeiam.ca");
        assertEquals("root2", ca.get("platform.cert.type"));
        assertEquals(this.dir.resolve("cas").toString(), ca.get("store.path"));
        assertEquals("(edgeiam.keystore.plugin=pkcs11module)", ca.get("keyStorage.target"));
        assertEquals(90, ca.get("client.validity.days"));
        Map<String, Object> tenant = set.get("org.edgeiam.tenant~acme");
        assertEquals(java.util.List.of(".acme.example"), java.util.List.of((String[]) tenant.get("ca.name.constraints.dns")));
        assertEquals(java.util.List.of("EC_P256"), java.util.List.of((String[]) tenant.get("ca.key.types")));
        assertEquals(30, tenant.get("ca.client.validity.days"));
    }

    @Test
    void badDeviceCaValuesAreRefusedNamingTheKey() {
        String t = ", \"tenants\": [{\"id\": \"acme\"";
        assertTrue(rejected(t + ", \"ca\": {\"nameConstraints\": [\"not a name\"]}}]")
                .contains("tenants[0].ca.nameConstraints: not a DNS name"));
        assertTrue(rejected(t + ", \"ca\": {\"keyTypes\": [\"RSA_1024\"]}}]")
                .contains("tenants[0].ca.keyTypes: unknown key type RSA_1024"));
        assertTrue(rejected(t + "}], \"deviceCa\": {\"clientValidityDays\": 0}")
                .endsWith("deviceCa.clientValidityDays: must be 1–36500, found 0"));
        assertTrue(rejected(t + "}], \"deviceCa\": {\"keyStore\": \"x)(y\"}").contains("deviceCa.keyStore"));
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

    @Test
    void theManagementServerIsOnlyOnWhenConfiguredAndOnlyOnLoopback() throws Exception {
        Map<String, Object> http = read(", \"managementServerURL\": \"127.0.0.1:8091\"").get("org.apache.felix.http");
        Map<String, Object> portOnly = read(", \"managementServerURL\": \":9091\"").get("org.apache.felix.http");

        assertEquals(Map.of("org.apache.felix.http.enable", true, "org.apache.felix.http.host", "127.0.0.1",
                "org.osgi.service.http.port", 8091, "org.apache.felix.https.enable", false,
                "org.apache.felix.http.jetty.sendServerHeader", false), http);
        assertEquals("127.0.0.1", portOnly.get("org.apache.felix.http.host"));
        assertFalse(read("").containsKey("org.apache.felix.http"), "absent: no server");
        assertTrue(rejected(", \"managementServerURL\": \"0.0.0.0:8091\"").endsWith(
                "managementServerURL: plain HTTP is served on a loopback address only (127.0.0.1, ::1, localhost), found 0.0.0.0"));
        assertTrue(rejected(", \"managementServerURL\": \"127.0.0.1:99999\"").endsWith("port must be 1–65535, found 99999"));
        assertTrue(rejected(", \"managementServerURL\": \"localhost:http\"").contains("expected host:port"));
    }
}
