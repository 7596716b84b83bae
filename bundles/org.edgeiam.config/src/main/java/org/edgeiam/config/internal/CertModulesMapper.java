package org.edgeiam.config.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.edgeiam.api.IamException;

/**
 * Maps the AosEdge {@code certModules[]} array onto one factory configuration per enabled module
 * ({@code org.edgeiam.certmodule~<id>}), validating what AosEdge validates at start-up: ids unique
 * and present, a known plugin and algorithm, {@code maxItems} ≥ 1 (≥ 2 unless self-signed),
 * extended key usages {@code clientAuth}/{@code serverAuth}. The {@code params} object becomes
 * {@code params.<name>} properties; path-valued ones are made absolute.
 */
final class CertModulesMapper {
    private static final Set<String> PLUGINS = Set.of("pkcs11module", "softmodule");
    private static final Set<String> PATH_PARAMS = Set.of("library", "userPinPath", "storePath");

    private CertModulesMapper() {
    }

    static Map<String, Map<String, Object>> map(List<JsonNode> modules, UnaryOperator<String> path)
            throws IamException {
        Map<String, Map<String, Object>> pids = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode m : modules) {
            String id = m.requiredString("id");
            if (!ids.add(id)) {
                throw m.error("id", "cert module '" + id + "' is defined twice");
            }
            if (m.bool("disabled").orElse(false)) {
                continue;
            }
            String plugin = m.string("plugin").orElse("pkcs11module");
            if (!PLUGINS.contains(plugin)) {
                throw m.error("plugin", "unknown key storage plugin '" + plugin + "' (expected pkcs11module or softmodule)");
            }
            String algorithm = m.string("algorithm").orElse("ecc").toLowerCase(Locale.ROOT);
            if (!algorithm.equals("ecc") && !algorithm.equals("rsa")) {
                throw m.error("algorithm", "'" + algorithm + "' is neither ecc nor rsa");
            }
            boolean selfSigned = m.bool("selfSigned").orElse(false);
            long maxItems = m.number("maxItems").orElse(2L);
            if (maxItems < 1 || (!selfSigned && maxItems < 2) || maxItems > 100) {
                throw m.error("maxItems", maxItems + " is out of range (1..100, at least 2 unless selfSigned)");
            }
            List<String> usages = m.strings("extendedKeyUsage");
            for (String u : usages) {
                if (!u.equalsIgnoreCase("clientAuth") && !u.equalsIgnoreCase("serverAuth")) {
                    throw m.error("extendedKeyUsage", "'" + u + "' is neither clientAuth nor serverAuth");
                }
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", id);
            p.put("plugin", plugin);
            p.put("algorithm", algorithm);
            p.put("max.items", (int) maxItems);
            p.put("extended.key.usage", usages.toArray(String[]::new));
            p.put("alternative.names", m.strings("alternativeNames").toArray(String[]::new));
            p.put("self.signed", selfSigned);
            p.put("skip.validation", m.bool("skipValidation").orElse(false));
            JsonNode params = m.object("params").orElse(null);
            if (params != null) {
                for (String key : params.keys()) {
                    String value = params.scalar(key);
                    p.put("params." + key, PATH_PARAMS.contains(key) ? path.apply(value) : value);
                }
            }
            pids.put(AosConfigMapper.CERT_MODULE_FACTORY_PID + "~" + id, p);
        }
        return pids;
    }

}
