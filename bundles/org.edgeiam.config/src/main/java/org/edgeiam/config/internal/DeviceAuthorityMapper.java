package org.edgeiam.config.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.edgeiam.api.IamException;

/**
 * Maps the device-authority keys of the configuration file: {@code tenants[]} onto one factory
 * configuration per tenant ({@code org.edgeiam.tenant~<id>}) and {@code credentials} onto the
 * credential service's ({@code org.edgeiam.credentials}). Ranges are checked here too, so a bad
 * file is refused at start-up naming the key rather than failing a component later.
 */
final class DeviceAuthorityMapper {
    /** Factory PID of tenants. */
    static final String TENANT_FACTORY_PID = "org.edgeiam.tenant";
    /** PID of the credential service. */
    static final String CREDENTIALS_PID = "org.edgeiam.credentials";

    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final int HARD_MAX_COST = 16;

    private DeviceAuthorityMapper() {
    }

    static Map<String, Map<String, Object>> map(JsonNode top) throws IamException {
        Map<String, Map<String, Object>> pids = new LinkedHashMap<>();
        pids.putAll(tenants(top.objects("tenants")));
        JsonNode creds = top.object("credentials").orElse(null);
        if (creds != null) {
            pids.put(CREDENTIALS_PID, credentials(creds));
        }
        return pids;
    }

    private static Map<String, Map<String, Object>> tenants(List<JsonNode> tenants) throws IamException {
        Map<String, Map<String, Object>> pids = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode t : tenants) {
            String id = t.requiredString("id");
            if (!TENANT_ID.matcher(id).matches()) {
                throw t.error("id", "must match [a-z0-9][a-z0-9-]{0,62}");
            }
            if (!ids.add(id)) {
                throw t.error("id", "tenant '" + id + "' is defined twice");
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", id);
            p.put("name", t.string("name").orElse(id));
            p.put("issuer", t.string("issuer").orElse(""));
            p.put("jwks.url", t.string("jwksUrl").orElse(""));
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
