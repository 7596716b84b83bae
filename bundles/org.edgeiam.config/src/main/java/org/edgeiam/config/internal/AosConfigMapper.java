package org.edgeiam.config.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.util.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Maps an AosEdge IAM configuration file (JSON, keys case-insensitive, see aos-iam-v6.md §8)
 * onto the typed OSGi configurations of the EdgeIAM components, one property map per PID.
 * Relative paths are resolved against the working directory of the process, as AosEdge does,
 * so the published configurations hold absolute paths. Every error names the file and the key.
 */
public final class AosConfigMapper {
    /** PID of the SQLite storage. */
    public static final String STORAGE_PID = "org.edgeiam.storage.sqlite";
    /** PID of the current node. */
    public static final String CURRENT_NODE_PID = "org.edgeiam.currentnode";
    /** PID of the gRPC servers. */
    public static final String SERVER_PID = "org.edgeiam.iamserver";
    /** PID of the secondary node's client of the main node's IAM. */
    public static final String CLIENT_PID = "org.edgeiam.iamclient";
    /** PID of the file identifier. */
    public static final String FILE_IDENTIFIER_PID = "org.edgeiam.identifier.file";
    /** PID of the VIS identifier. */
    public static final String VIS_IDENTIFIER_PID = "org.edgeiam.identifier.vis";
    /** Factory PID of cert modules; each module's configuration is {@code FACTORY~id}. */
    public static final String CERT_MODULE_FACTORY_PID = "org.edgeiam.certmodule";
    /** PID of provisioning. */
    public static final String PROVISIONING_PID = "org.edgeiam.provisioning";
    /** PID of the permission handler. */
    public static final String PERMISSIONS_PID = "org.edgeiam.permissions";
    /** PID of Felix HTTP (the management server). */
    public static final String HTTP_PID = "org.apache.felix.http";

    private static final Logger LOG = LoggerFactory.getLogger(AosConfigMapper.class);
    private static final Set<String> IDENTIFIERS = Set.of("fileidentifier", "visidentifier", "none", "");
    private static final Set<String> KNOWN_KEYS = caseInsensitive("caCert", "certStorage",
            "iamPublicServerURL", "iamProtectedServerURL", "mainIAMPublicServerURL", "mainIAMProtectedServerURL",
            "mainIAMAllowPlaintext",
            "nodeReconnectInterval", "startProvisioningCmdArgs", "diskEncryptionCmdArgs",
            "finishProvisioningCmdArgs", "deprovisionCmdArgs", "workingDir", "migration",
            "enablePermissionsHandler", "identifier", "nodeInfo", "certModules", "tenants", "credentials", "deviceCa", "managementServerURL");

    private final Path cwd;

    /** @param cwd the directory relative paths are resolved against */
    public AosConfigMapper(Path cwd) {
        this.cwd = cwd;
    }

    /**
     * Reads and validates a configuration file.
     *
     * @param file the file
     * @param provisioning whether the runtime runs in provisioning mode
     * @return properties per PID, in a stable order
     * @throws IamException {@code NOT_FOUND} if the file is missing, {@code INVALID_ARGUMENT}
     *         naming the file, the key and the problem otherwise
     */
    public Map<String, Map<String, Object>> read(Path file, boolean provisioning) throws IamException {
        String name = file.toString();
        JsonElement root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(reader);
        } catch (NoSuchFileException e) {
            throw new IamException(ErrorCode.NOT_FOUND, name + ": configuration file not found");
        } catch (IOException e) {
            throw new IamException(ErrorCode.RUNTIME, name + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, name + ": not valid JSON: " + cause(e));
        }
        if (!root.isJsonObject()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, name + ": expected a JSON object at the top level");
        }
        try {
            return map(new JsonNode(name, "", root.getAsJsonObject()), provisioning);
        } catch (InvalidPathException e) {
            // a path value with a NUL character (AosConfigMapperFuzzTest)
            throw new IamException(ErrorCode.INVALID_ARGUMENT, name + ": \"" + e.getInput().replace("\0", "\\0")
                    + "\" is not a path: " + e.getReason());
        }
    }

    private Map<String, Map<String, Object>> map(JsonNode top, boolean provisioning) throws IamException {
        for (String key : top.keys()) {
            if (!KNOWN_KEYS.contains(key)) {
                LOG.warn("configuration key '{}' is not known to EdgeIAM: ignored", key);
            }
        }
        Map<String, Map<String, Object>> pids = new LinkedHashMap<>();
        pids.put(STORAGE_PID, Map.of("working.dir", path(top.requiredString("workingDir"))));
        pids.put(CURRENT_NODE_PID, currentNode(top.requiredObject("nodeInfo")));
        pids.put(SERVER_PID, server(top, provisioning));
        Map<String, Object> client = client(top, provisioning);
        if (client != null) {
            pids.put(CLIENT_PID, client);
        }
        pids.put(PERMISSIONS_PID, Map.of("enabled", top.bool("enablePermissionsHandler").orElse(false)));
        Map<String, Object> hooks = new LinkedHashMap<>();
        hooks.put("start.cmd", top.strings("startProvisioningCmdArgs").toArray(String[]::new));
        hooks.put("disk.encryption.cmd", top.strings("diskEncryptionCmdArgs").toArray(String[]::new));
        hooks.put("finish.cmd", top.strings("finishProvisioningCmdArgs").toArray(String[]::new));
        hooks.put("deprovision.cmd", top.strings("deprovisionCmdArgs").toArray(String[]::new));
        pids.put(PROVISIONING_PID, hooks);
        identifier(top, pids);
        pids.putAll(CertModulesMapper.map(top.objects("certModules"), this::path));
        pids.putAll(DeviceAuthorityMapper.map(top, this::path));
        Map<String, Object> http = management(top);
        if (http != null) {
            pids.put(HTTP_PID, http);
        }
        return pids;
    }

    private Map<String, Object> server(JsonNode top, boolean provisioning) throws IamException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("public.url", top.string("iamPublicServerURL").orElse(":8090"));
        p.put("protected.url", top.string("iamProtectedServerURL").orElse(":8089"));
        p.put("provisioning", provisioning);
        p.put("ca.cert", top.string("caCert").map(this::path).orElse(""));
        p.put("cert.storage", top.string("certStorage").orElse("iam"));
        Optional<String> retry = top.string("nodeReconnectInterval");
        if (retry.isPresent()) {
            p.put("forward.retry.interval.ms", millis(top, "nodeReconnectInterval", retry.get()));
        }
        return p;
    }

    /**
     * The management HTTP server (REST, /health, /metrics) from {@code managementServerURL}
     * ({@code host:port}); absent or empty: no server. Plain HTTP only on a loopback address.
     */
    private static Map<String, Object> management(JsonNode top) throws IamException {
        String url = top.string("managementServerURL").orElse("").strip();
        if (url.isEmpty()) {
            return null;
        }
        int colon = url.lastIndexOf(':');
        String host = colon < 0 ? "" : url.substring(0, colon);
        String portText = colon < 0 ? url : url.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw top.error("managementServerURL", "expected host:port, found \"" + url + "\"");
        }
        if (port < 1 || port > 65_535) {
            throw top.error("managementServerURL", "port must be 1–65535, found " + port);
        }
        if (host.isEmpty()) {
            host = "127.0.0.1";
        }
        if (!host.equals("localhost") && !host.equals("::1") && !host.startsWith("127.")) {
            throw top.error("managementServerURL", "plain HTTP is served on a loopback address only (127.0.0.1, ::1, "
                    + "localhost), found " + host);
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("org.apache.felix.http.enable", true);
        p.put("org.apache.felix.http.host", host);
        p.put("org.osgi.service.http.port", port);
        p.put("org.apache.felix.https.enable", false);
        p.put("org.apache.felix.http.jetty.sendServerHeader", false);
        return p;
    }

    /** A Go duration string ("10s", "1m30s") in whole milliseconds, at most a day. */
    private static int millis(JsonNode node, String key, String text) throws IamException {
        try {
            Duration d = Durations.parse(text);
            if (d.compareTo(Duration.ofDays(1)) > 0) {
                throw node.error(key, "at most a day, found \"" + text + "\"");
            }
            return (int) d.toMillis();
        } catch (IllegalArgumentException e) {
            throw node.error(key, e.getMessage());
        }
    }

    /**
     * @return the client configuration on a secondary node (both main URLs set, as AosEdge
     *         decides), {@code null} on a main node
     */
    private Map<String, Object> client(JsonNode top, boolean provisioning) throws IamException {
        String publicUrl = top.string("mainIAMPublicServerURL").orElse("").strip();
        String protectedUrl = top.string("mainIAMProtectedServerURL").orElse("").strip();
        if (publicUrl.isEmpty() || protectedUrl.isEmpty()) {
            if (!publicUrl.isEmpty() || !protectedUrl.isEmpty()) {
                LOG.warn("only one of mainIAMPublicServerURL and mainIAMProtectedServerURL is set: "
                        + "running as a main node, without a client of a main node's IAM");
            }
            return null;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("main.public.url", publicUrl);
        p.put("main.protected.url", protectedUrl);
        p.put("ca.cert", top.string("caCert").map(this::path).orElse(""));
        p.put("cert.storage", top.string("certStorage").orElse("iam"));
        p.put("provisioning", provisioning);
        top.bool("mainIAMAllowPlaintext").ifPresent(allow -> p.put("allow.plaintext", allow));
        return p;
    }

    private Map<String, Object> currentNode(JsonNode n) throws IamException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("node.id.path", path(n.string("nodeIDPath").orElse("/etc/machine-id")));
        p.put("cpuinfo.path", path(n.string("cpuInfoPath").orElse("/proc/cpuinfo")));
        p.put("meminfo.path", path(n.string("memInfoPath").orElse("/proc/meminfo")));
        p.put("provisioning.state.path", path(n.string("provisioningStatePath").orElse("/var/aos/.provisionstate")));
        p.put("node.name", n.string("nodeName").orElse(""));
        p.put("node.type", n.string("nodeType").orElse(""));
        p.put("max.dmips", n.number("maxDMIPS").orElse(0L));
        p.put("architecture", n.string("architecture").orElse(""));
        p.put("architecture.variant", n.string("architectureVariant").orElse(""));
        p.put("os", n.string("os").orElse("linux"));
        p.put("os.version", n.string("osVersion").orElse(""));
        List<String> attrs = new ArrayList<>();
        JsonNode attrNode = n.object("attrs").orElse(null);
        Map<String, String> attrMap = attrNode == null ? Map.of() : attrNode.stringMap();
        for (Map.Entry<String, String> a : attrMap.entrySet()) {
            if (a.getKey().contains("=")) {
                throw n.error("attrs." + a.getKey(), "attribute names must not contain '='");
            }
            attrs.add(a.getKey() + "=" + a.getValue());
        }
        p.put("attrs", attrs.toArray(String[]::new));
        List<String> partitions = new ArrayList<>();
        for (JsonNode part : n.objects("partitions")) {
            String pname = part.requiredString("name");
            String ppath = path(part.requiredString("path"));
            List<String> types = part.strings("types");
            if ((pname + ppath + String.join("", types)).contains(";") || String.join("", types).contains(",")) {
                throw part.error("types", "partition names, paths and types must not contain ';' or ','");
            }
            partitions.add(pname + ";" + ppath + ";" + String.join(",", types));
        }
        p.put("partitions", partitions.toArray(String[]::new));
        return p;
    }

    private void identifier(JsonNode top, Map<String, Map<String, Object>> pids) throws IamException {
        JsonNode ident = top.object("identifier").orElse(null);
        if (ident == null) {
            return;
        }
        String plugin = ident.string("plugin").orElse("");
        if (!IDENTIFIERS.contains(plugin)) {
            throw ident.error("plugin", "unknown identifier plugin '" + plugin
                    + "' (expected fileidentifier, visidentifier or none)");
        }
        JsonNode params = ident.object("params").orElse(null);
        if ("fileidentifier".equals(plugin)) {
            if (params == null) {
                throw ident.error("params", "is required for the fileidentifier plugin");
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("system.id.path", path(params.requiredString("systemIDPath")));
            p.put("unit.model.path", path(params.requiredString("unitModelPath")));
            p.put("subjects.path", path(params.string("subjectsPath").orElse("")));
            pids.put(FILE_IDENTIFIER_PID, p);
        } else if ("visidentifier".equals(plugin)) {
            if (params == null) {
                throw ident.error("params", "is required for the visidentifier plugin");
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("vis.server", params.requiredString("visServer"));
            p.put("ca.cert.file", params.string("caCertFile").map(this::path).orElse(""));
            p.put("web.socket.timeout", params.string("webSocketTimeout").orElse("120s"));
            pids.put(VIS_IDENTIFIER_PID, p);
        }
    }

    private String path(String text) {
        return text.isEmpty() ? "" : cwd.resolve(text).normalize().toString();
    }

    private static String cause(Throwable e) {
        Throwable c = e.getCause() != null ? e.getCause() : e;
        return c.getMessage();
    }

    private static Set<String> caseInsensitive(String... keys) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(keys));
        return set;
    }
}
