package org.edgeiam.certhandler.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.spi.keystore.KeyAlgorithm;

/**
 * The validated settings of one cert module, read once from its configuration.
 *
 * @param certType the module id
 * @param plugin key storage plugin
 * @param algorithmName as configured ({@code ecc}/{@code rsa})
 * @param algorithm the key algorithm
 * @param maxItems certificates kept
 * @param extendedKeyUsage requested usages
 * @param alternativeNames requested DNS names
 * @param selfSigned self-signed module
 * @param skipValidation no start-up reconciliation
 * @param params backend parameters
 */
record ModuleSettings(String certType, String plugin, String algorithmName, KeyAlgorithm algorithm, int maxItems,
        List<String> extendedKeyUsage, List<String> alternativeNames, boolean selfSigned, boolean skipValidation,
        Map<String, String> params) {

    static ModuleSettings from(CertModuleConfig c, Map<String, Object> props) throws IamException {
        String id = c.id() == null ? "" : c.id().trim();
        if (id.isEmpty()) {
            throw invalid("?", "id", "is required");
        }
        KeyAlgorithm algorithm = KeyAlgorithm.parse(c.algorithm())
                .orElseThrow(() -> invalid(id, "algorithm", "'" + c.algorithm() + "' is neither ecc nor rsa"));
        if (c.max_items() <= 0 || (!c.self_signed() && c.max_items() < 2)) {
            throw invalid(id, "max.items", c.max_items() + " is too small (at least 1, and 2 unless self-signed)");
        }
        for (String usage : c.extended_key_usage()) {
            String u = usage.toLowerCase(Locale.ROOT);
            if (!u.equals("clientauth") && !u.equals("serverauth")) {
                throw invalid(id, "extended.key.usage", "'" + usage + "' is neither clientAuth nor serverAuth");
            }
        }
        Map<String, String> params = new TreeMap<>();
        props.forEach((k, v) -> {
            if (k.startsWith(CertModuleConfig.PARAMS_PREFIX) && v != null) {
                params.put(k.substring(CertModuleConfig.PARAMS_PREFIX.length()), v.toString());
            }
        });
        return new ModuleSettings(id, c.plugin(), c.algorithm(), algorithm, c.max_items(),
                List.of(c.extended_key_usage()), List.of(c.alternative_names()), c.self_signed(), c.skip_validation(),
                Map.copyOf(params));
    }

    private static IamException invalid(String id, String key, String why) {
        return new IamException(ErrorCode.INVALID_ARGUMENT, "cert module " + id + ": " + key + " " + why);
    }
}
