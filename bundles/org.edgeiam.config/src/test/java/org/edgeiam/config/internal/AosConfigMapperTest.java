package org.edgeiam.config.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AosConfigMapperTest {
    @TempDir
    Path dir;

    private Map<String, Map<String, Object>> givenFile(String json) throws IOException, IamException {
        Path file = dir.resolve("iam.cfg");
        Files.writeString(file, json);
        return new AosConfigMapper(dir).read(file, false);
    }

    private IamException whenFileIsRejected(String json) throws IOException {
        Path file = dir.resolve("bad.cfg");
        Files.writeString(file, json);
        return assertThrows(IamException.class, () -> new AosConfigMapper(dir).read(file, true));
    }

    @Test
    void keysAreCaseInsensitiveAndMappedToPids() throws Exception {
        Map<String, Map<String, Object>> pids = givenFile("""
                {"WORKINGDIR": "work", "iampublicserverurl": ":9000", "certstorage": "online",
                 "enablePermissionsHandler": true,
                 "NodeInfo": {"nodeidpath": "/etc/machine-id", "NODENAME": "n1", "maxDmips": 42,
                   "attrs": {"MainNode": "", "AosComponents": "cm,iam"},
                   "partitions": [{"name": "var", "types": ["generic", "storages"], "path": "/var"}]}}
                """);
        assertEquals(dir.resolve("work").toString(), pids.get(AosConfigMapper.STORAGE_PID).get("working.dir"));
        Map<String, Object> server = pids.get(AosConfigMapper.SERVER_PID);
        assertEquals(":9000", server.get("public.url"));
        assertEquals(":8089", server.get("protected.url"));
        assertEquals("online", server.get("cert.storage"));
        assertEquals(false, server.get("provisioning"));
        Map<String, Object> node = pids.get(AosConfigMapper.CURRENT_NODE_PID);
        assertEquals("n1", node.get("node.name"));
        assertEquals(42L, node.get("max.dmips"));
        assertEquals("/proc/cpuinfo", node.get("cpuinfo.path"));
        assertArrayEquals(new String[] {"MainNode=", "AosComponents=cm,iam"}, (String[]) node.get("attrs"));
        assertArrayEquals(new String[] {"var;/var;generic,storages"}, (String[]) node.get("partitions"));
        assertEquals(true, pids.get(AosConfigMapper.PERMISSIONS_PID).get("enabled"));
    }

    @Test
    void hookCommandsArePublished() throws Exception {
        Map<String, Map<String, Object>> pids = givenFile("""
                {"workingDir": "/w", "nodeInfo": {}, "finishProvisioningCmdArgs": ["/opt/aos/provfinish.sh", "now"]}
                """);
        Map<String, Object> hooks = pids.get(AosConfigMapper.PROVISIONING_PID);
        assertArrayEquals(new String[] {"/opt/aos/provfinish.sh", "now"}, (String[]) hooks.get("finish.cmd"));
        assertArrayEquals(new String[0], (String[]) hooks.get("start.cmd"));
    }

    @Test
    void fileIdentifierParamsArePublished() throws Exception {
        Map<String, Map<String, Object>> pids = givenFile("""
                {"workingDir": "/w", "nodeInfo": {},
                 "identifier": {"plugin": "fileidentifier",
                   "params": {"systemIDPath": "sid", "unitModelPath": "/um", "subjectsPath": "subj"}}}
                """);
        Map<String, Object> ident = pids.get(AosConfigMapper.FILE_IDENTIFIER_PID);
        assertEquals(dir.resolve("sid").toString(), ident.get("system.id.path"));
        assertEquals("/um", ident.get("unit.model.path"));
        assertFalse(pids.containsKey(AosConfigMapper.VIS_IDENTIFIER_PID));
    }

    @Test
    void unknownIdentifierPluginIsNamed() throws IOException {
        IamException e = whenFileIsRejected("""
                {"workingDir": "/w", "nodeInfo": {}, "identifier": {"plugin": "tpmidentifier"}}
                """);
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("bad.cfg: identifier.plugin: unknown identifier plugin 'tpmidentifier'"),
                e.getMessage());
    }

    @Test
    void malformedJsonNamesTheFile() throws IOException {
        IamException e = whenFileIsRejected("{\"workingDir\": \"/w\", ");
        assertTrue(e.getMessage().startsWith(dir.resolve("bad.cfg") + ": not valid JSON"), e.getMessage());
    }

    @Test
    void pathWithANulCharacterIsInvalid() throws IOException {
        IamException e = whenFileIsRejected("{\"workingDir\": \"var/a\\u0000b\", \"nodeInfo\": {}}");
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().endsWith("bad.cfg: \"var/a\\0b\" is not a path: Nul character not allowed"),
                e.getMessage());
    }

    @Test
    void wrongTypeNamesTheKeyPath() throws IOException {
        IamException e = whenFileIsRejected("""
                {"workingDir": "/w", "nodeInfo": {"maxDMIPS": "fast"}}
                """);
        assertTrue(e.getMessage().contains("nodeInfo.maxDMIPS: expected a number, found \"fast\""), e.getMessage());
        e = whenFileIsRejected("""
                {"workingDir": "/w", "nodeInfo": {"partitions": [{"name": "a", "path": "/a", "types": [1]}]}}
                """);
        assertTrue(e.getMessage().contains("nodeInfo.partitions[0].types[0]: expected a string"), e.getMessage());
    }

    @Test
    void missingRequiredKeysAreNamed() throws IOException {
        assertTrue(whenFileIsRejected("{\"nodeInfo\": {}}").getMessage().contains("workingDir: is required"));
        assertTrue(whenFileIsRejected("{\"workingDir\": \"/w\"}").getMessage().contains("nodeInfo: is required"));
    }

    @Test
    void missingFileIsNotFound() {
        IamException e = assertThrows(IamException.class,
                () -> new AosConfigMapper(dir).read(dir.resolve("nope.cfg"), false));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("nope.cfg: configuration file not found"));
    }

    @Test
    void topLevelArrayIsRefused() throws IOException {
        assertTrue(whenFileIsRejected("[1, 2]").getMessage().contains("expected a JSON object at the top level"));
    }

    @Test
    void nodeReconnectIntervalIsTheForwardingRetryInterval() throws Exception {
        Map<String, Object> server = givenFile("""
                {"workingDir": "/w", "nodeInfo": {}, "nodeReconnectInterval": "1m30s"}
                """).get(AosConfigMapper.SERVER_PID);
        assertEquals(90_000, server.get("forward.retry.interval.ms"));
        assertFalse(givenFile("{\"workingDir\": \"/w\", \"nodeInfo\": {}}").get(AosConfigMapper.SERVER_PID)
                .containsKey("forward.retry.interval.ms"), "without the key the component's default applies");
        IamException e = whenFileIsRejected("""
                {"workingDir": "/w", "nodeInfo": {}, "nodeReconnectInterval": "ten seconds"}
                """);
        assertTrue(e.getMessage().contains("bad.cfg: nodeReconnectInterval: 'ten seconds' is not a duration"),
                e.getMessage());
    }

    @Test
    void provisioningFlagReachesTheServerConfiguration() throws Exception {
        Path file = dir.resolve("iam.cfg");
        Files.writeString(file, "{\"workingDir\": \"/w\", \"nodeInfo\": {}}");
        assertEquals(true, new AosConfigMapper(dir).read(file, true).get(AosConfigMapper.SERVER_PID).get("provisioning"));
    }

    @Test
    void secondaryNodeGetsTheIamClient() throws Exception {
        Path file = dir.resolve("iam.cfg");
        Files.writeString(file, """
                {"workingDir": "/w", "nodeInfo": {}, "caCert": "ca/rootCA.pem", "CertStorage": "online",
                 "mainIAMPublicServerURL": "main:8090", "MAINIAMPROTECTEDSERVERURL": " main:8089 "}
                """);

        Map<String, Map<String, Object>> pids = new AosConfigMapper(dir).read(file, true);

        Map<String, Object> client = pids.get(AosConfigMapper.CLIENT_PID);
        assertEquals("main:8090", client.get("main.public.url"));
        assertEquals("main:8089", client.get("main.protected.url"));
        assertEquals(dir.resolve("ca/rootCA.pem").toString(), client.get("ca.cert"));
        assertEquals(pids.get(AosConfigMapper.SERVER_PID).get("ca.cert"), client.get("ca.cert"));
        assertEquals("online", client.get("cert.storage"));
        assertEquals(true, client.get("provisioning"));
        assertEquals(5, client.size());
    }

    @Test
    void plaintextToTheMainIsAllowedOnlyByItsKey() throws Exception {
        String secondary = """
                {"workingDir": "/w", "nodeInfo": {}, "mainIAMPublicServerURL": "main:8090",
                 "mainIAMProtectedServerURL": "main:8089"%s}
                """;
        assertFalse(givenFile(secondary.formatted("")).get(AosConfigMapper.CLIENT_PID)
                .containsKey("allow.plaintext"), "off unless set: the client's default is false");
        assertEquals(true, givenFile(secondary.formatted(", \"mainIAMAllowPlaintext\": true"))
                .get(AosConfigMapper.CLIENT_PID).get("allow.plaintext"));
        assertTrue(whenFileIsRejected(secondary.formatted(", \"mainIAMAllowPlaintext\": \"yes\""))
                .getMessage().contains("mainIAMAllowPlaintext: expected true or false"));
    }

    @Test
    void mainNodeHasNoIamClient() throws Exception {
        assertFalse(givenFile("""
                {"workingDir": "/w", "nodeInfo": {}}
                """).containsKey(AosConfigMapper.CLIENT_PID));
        assertFalse(givenFile("""
                {"workingDir": "/w", "nodeInfo": {}, "mainIAMPublicServerURL": "main:8090",
                 "mainIAMProtectedServerURL": ""}
                """).containsKey(AosConfigMapper.CLIENT_PID), "both URLs are needed, as in AosEdge");
    }

    @Test
    void certModulesBecomeFactoryConfigurations() throws Exception {
        Map<String, Map<String, Object>> pids = givenFile("""
                {"workingDir": "/w", "nodeInfo": {}, "certModules": [
                  {"id": "iam", "plugin": "softmodule", "algorithm": "ECC", "maxItems": 3,
                   "extendedKeyUsage": ["serverAuth", "clientAuth"], "alternativeNames": ["localhost"],
                   "params": {"storePath": "keys/iam", "modulePathInUrl": true, "slotID": 0}},
                  {"id": "offline", "disabled": true, "plugin": "nosuchplugin"},
                  {"id": "diskenc", "selfSigned": true, "maxItems": 1, "algorithm": "rsa"}]}
                """);
        Map<String, Object> iam = pids.get("org.edgeiam.certmodule~iam");
        assertEquals("softmodule", iam.get("plugin"));
        assertEquals("ecc", iam.get("algorithm"));
        assertEquals(3, iam.get("max.items"));
        assertArrayEquals(new String[] {"serverAuth", "clientAuth"}, (String[]) iam.get("extended.key.usage"));
        assertEquals(dir.resolve("keys/iam").toString(), iam.get("params.storePath"));
        assertEquals("true", iam.get("params.modulePathInUrl"));
        assertEquals("0", iam.get("params.slotID"));
        assertFalse(pids.containsKey("org.edgeiam.certmodule~offline"), "disabled modules are not published");
        assertEquals(true, pids.get("org.edgeiam.certmodule~diskenc").get("self.signed"));
    }

    @Test
    void badCertModulesAreNamed() throws IOException {
        assertTrue(whenFileIsRejected("""
                {"workingDir": "/w", "nodeInfo": {}, "certModules": [{"id": "a", "plugin": "tpm"}]}
                """).getMessage().contains("certModules[0].plugin: unknown key storage plugin 'tpm'"));
        assertTrue(whenFileIsRejected("""
                {"workingDir": "/w", "nodeInfo": {}, "certModules": [{"id": "a", "maxItems": 1}]}
                """).getMessage().contains("certModules[0].maxItems: 1 is out of range"));
        assertTrue(whenFileIsRejected("""
                {"workingDir": "/w", "nodeInfo": {}, "certModules": [{"id": "a"}, {"id": "a"}]}
                """).getMessage().contains("certModules[1].id: cert module 'a' is defined twice"));
        assertTrue(whenFileIsRejected("""
                {"workingDir": "/w", "nodeInfo": {}, "certModules": [{"id": "a", "extendedKeyUsage": ["codeSigning"]}]}
                """).getMessage().contains("'codeSigning' is neither clientAuth nor serverAuth"));
        assertTrue(whenFileIsRejected("""
                {"workingDir": "/w", "nodeInfo": {}, "certModules": [{"id": "a", "algorithm": "dsa"}]}
                """).getMessage().contains("certModules[0].algorithm: 'dsa' is neither ecc nor rsa"));
    }

    @Test
    void shippedConfigurationsAreValid() throws Exception {
        Path repo = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
        for (String name : new String[] {"main-node.cfg", "secondary-node.cfg"}) {
            Map<String, Map<String, Object>> pids = new AosConfigMapper(repo).read(repo.resolve("configs").resolve(name), false);
            assertTrue(pids.containsKey(AosConfigMapper.CURRENT_NODE_PID), name);
            assertEquals(name.startsWith("secondary"), pids.containsKey(AosConfigMapper.CLIENT_PID), name);
        }
    }
}
