package org.edgeiam.config.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.edgeiam.api.IamException;
import org.edgeiam.api.ca.ClientKeyType;
import org.edgeiam.util.DeviceNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the device-authority keys of the configuration file: {@code tenants[]} onto one factory
 * configuration per tenant ({@code org.edgeiam.tenant~<id>}, with the tenant's {@code ca} profile
 * as {@code ca.*} keys), {@code credentials} onto the credential service's
 * ({@code org.edgeiam.credentials}) and, when there are tenants, {@code deviceCa} onto the device
 * CA's ({@code org.edgeiam.ca}; tenant CA stores under {@code <workingDir>/tenant-ca} unless
 * {@code storePath} says otherwise). Ranges are checked here too, so a bad file is refused at
 * start-up naming the key rather than failing a component later.
 */
final class DeviceAuthorityMapper {
    /** Factory PID of tenants. */
    static final String TENANT_FACTORY_PID = "org.edgeiam.tenant";
    /** PID of the credential service. */
    static final String CREDENTIALS_PID = "org.edgeiam.credentials";
    /** PID of the device CA. */
    static final String CA_PID = "org.edgeiam.ca";

    private static final Logger LOG = LoggerFactory.getLogger(DeviceAuthorityMapper.class);
    private static final int HARD_MAX_COST = 16;

    private DeviceAuthorityMapper() {
    }

    static Map<String, Map<String, Object>> map(JsonNode top, UnaryOperator<String> path) throws IamException {
        Map<String, Map<String, Object>> pids = new LinkedHashMap<>();
        pids.putAll(tenants(top.objects("tenants")));
        JsonNode creds = top.object("credentials").orElse(null);
        if (creds != null) {
            pids.put(CREDENTIALS_PID, credentials(creds));
        }
        JsonNode ca = top.object("deviceCa").orElse(null);
        if (!pids.isEmpty() && pids.keySet().stream().anyMatch(p -> p.startsWith(TENANT_FACTORY_PID + "~"))) {
            pids.put(CA_PID, deviceCa(ca, path.apply(top.requiredString("workingDir") + "/tenant-ca"), path));
        } else if (ca != null) {
            LOG.warn("deviceCa is configured but there are no tenants: the device CA stays off");
        }
        return pids;
    }

    private static Map<String, Object> deviceCa(JsonNode c, String defaultStore, UnaryOperator<String> path)
            throws IamException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("platform.cert.type", c == null ? "platformca" : c.string("platformCertType").orElse("platformca"));
        p.put("store.path", c == null ? defaultStore : c.string("storePath").map(path).orElse(defaultStore));
        String plugin = c == null ? "softmodule" : c.string("keyStore").orElse("softmodule");
        if (!plugin.matches("[a-z0-9]{1,32}")) {
            throw c.error("keyStore", "a key storage plugin name such as softmodule");
        }
        p.put("keyStorage.target", "(edgeiam.keystore.plugin=" + plugin + ")");
        if (c != null) {
            range(c, "tenantCaValidityDays", 1, 36_500, "tenant.ca.validity.days", p);
            range(c, "clientValidityDays", 1, 36_500, "client.validity.days", p);
            range(c, "crlValidityHours", 1, 8_784, "crl.validity.hours", p);
        }
        return p;
    }

    private static void range(JsonNode c, String key, long min, long max, String property, Map<String, Object> p)
            throws IamException {
        Optional<Long> v = c.number(key);
        if (v.isPresent()) {
            if (v.get() < min || v.get() > max) {
                throw c.error(key, "must be " + min + "–" + max + ", found " + v.get());
            }
            p.put(property, v.get().intValue());
        }
    }

    private static void tenantCa(JsonNode t, Map<String, Object> p) throws IamException {
        JsonNode ca = t.object("ca").orElse(null);
        if (ca == null) {
            return;
        }
        List<String> dns = ca.strings("nameConstraints");
        for (String d : dns) {
            if (!DeviceNames.isDnsSubtree(d)) {
                throw ca.error("nameConstraints", "not a DNS name or subtree (e.g. .devices.example.com): " + d);
            }
        }
        p.put("ca.name.constraints.dns", dns.toArray(String[]::new));
        List<String> types = ca.strings("keyTypes");
        for (String type : types) {
            if (ClientKeyType.parse(type).isEmpty()) {
                throw ca.error("keyTypes", "unknown key type " + type + " (one of " + List.of(ClientKeyType.values()) + ")");
            }
        }
        p.put("ca.key.types", types.toArray(String[]::new));
        range(ca, "clientValidityDays", 1, 36_500, "ca.client.validity.days", p);
    }

    private static Map<String, Map<String, Object>> tenants(List<JsonNode> tenants) throws IamException {
        Map<String, Map<String, Object>> pids = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode t : tenants) {
            String id = t.requiredString("id");
            if (!DeviceNames.isTenantId(id)) {
                throw t.error("id", "must match " + DeviceNames.TENANT_ID_FORM);
            }
            if (!ids.add(id)) {
                throw t.error("id", "tenant '" + id + "' is defined twice");
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", id);
            p.put("name", t.string("name").orElse(id));
            p.put("issuer", t.string("issuer").orElse(""));
            p.put("jwks.url", t.string("jwksUrl").orElse(""));
            tenantCa(t, p);
            pids.put(TENANT_FACTORY_PID + "~" + id, p);
        }
        return pids;
    }

    private static Map<String, Object> credentials(JsonNode c) throws IamException {
        int maxCost = (int) c.number("maxBcryptCost").orElse(12L).longValue();
        if (maxCost < 4 || maxCost > HARD_MAX_COST) {
            throw c.error("maxBcryptCost", "must be 4–" + HARD_MAX_COST + ", found " + maxCost);
        }
        long cost = c.number("bcryptCost").orElse(10L);
        if (cost < 4 || cost > maxCost) {
            throw c.error("bcryptCost", "must be 4–" + maxCost + " (maxBcryptCost), found " + cost);
        }
        long threads = c.number("concurrency").orElse(0L);
        long queue = c.number("queueLength").orElse(0L);
        if (threads > 256) {
            throw c.error("concurrency", "at most 256, found " + threads);
        }
        if (queue > 65_536) {
            throw c.error("queueLength", "at most 65536, found " + queue);
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bcrypt.cost", (int) cost);
        p.put("bcrypt.max.cost", maxCost);
        p.put("basic.concurrency", (int) threads);
        p.put("basic.queue.length", (int) queue);
        return p;
    }
}
