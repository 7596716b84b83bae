package org.edgeiam.storage.sqlite.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.ErrorInfo;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.CpuInfo;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.api.node.OsInfo;
import org.edgeiam.api.node.PartitionInfo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Converts {@link NodeInfo} to and from the JSON of the {@code nodeinfo.info} column, in the
 * cloud-protocol shape of the AosEdge reference ({@code identity}, {@code nodeGroupSubject},
 * {@code osInfo}, {@code cpus}, {@code partitions}, {@code errorInfo}, …). Optional fields are
 * left out when empty, {@code isConnected} is always written {@code false} and ignored on reading,
 * and keys are read case-insensitively. Built with the gson tree model, so no reflection is needed.
 */
final class NodeInfoJson {
    private NodeInfoJson() {
    }

    /**
     * @param node the node
     * @return its JSON text
     */
    static String toJson(NodeInfo node) {
        JsonObject o = new JsonObject();
        JsonObject identity = new JsonObject();
        identity.addProperty("codename", node.nodeId());
        identity.addProperty("title", node.title());
        o.add("identity", identity);
        JsonObject group = new JsonObject();
        group.addProperty("codename", node.nodeType());
        o.add("nodeGroupSubject", group);
        o.addProperty("maxDmips", node.maxDmips());
        if (node.physicalRam() != 0) {
            o.addProperty("physicalRam", node.physicalRam());
        }
        o.addProperty("totalRam", node.totalRam());
        JsonObject os = new JsonObject();
        os.addProperty("os", node.osInfo().os());
        if (!node.osInfo().version().isEmpty()) {
            os.addProperty("version", node.osInfo().version());
        }
        os.add("features", strings(node.osInfo().features()));
        o.add("osInfo", os);
        JsonArray cpus = new JsonArray();
        node.cpus().forEach(cpu -> cpus.add(cpu(cpu)));
        o.add("cpus", cpus);
        JsonObject attrs = new JsonObject();
        node.attrs().forEach(attrs::addProperty);
        o.add("attrs", attrs);
        JsonArray partitions = new JsonArray();
        for (PartitionInfo p : node.partitions()) {
            JsonObject j = new JsonObject();
            j.addProperty("name", p.name());
            j.add("types", strings(p.types()));
            j.addProperty("path", p.path());
            j.addProperty("totalSize", p.totalSize());
            partitions.add(j);
        }
        o.add("partitions", partitions);
        o.addProperty("state", node.state().wireName());
        o.addProperty("isConnected", false);
        node.error().ifPresent(e -> {
            JsonObject j = new JsonObject();
            j.addProperty("aosCode", e.code().aosCode());
            j.addProperty("exitCode", e.exitCode());
            j.addProperty("message", e.message());
            o.add("errorInfo", j);
        });
        return o.toString();
    }

    /**
     * @param nodeId the node ID (the row key; wins over {@code identity.codename})
     * @param json JSON text as written by {@link #toJson} or by the reference
     * @return the node
     * @throws IamException {@code RUNTIME} if the text is not JSON of the expected shape
     */
    static NodeInfo fromJson(String nodeId, String json) throws IamException {
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            NodeInfo.Builder b = NodeInfo.builder(nodeId).title(string(object(o, "identity"), "title"))
                    .nodeType(string(object(o, "nodeGroupSubject"), "codename")).maxDmips(number(o, "maxDmips"))
                    .physicalRam(number(o, "physicalRam")).totalRam(number(o, "totalRam"));
            JsonObject os = object(o, "osInfo");
            b.osInfo(new OsInfo(string(os, "os"), string(os, "version"), strings(os, "features")));
            List<CpuInfo> cpus = new ArrayList<>();
            for (JsonElement e : array(o, "cpus")) {
                JsonObject cpu = e.getAsJsonObject();
                JsonObject arch = object(cpu, "archInfo");
                cpus.add(new CpuInfo(string(cpu, "modelName"), number(cpu, "totalNumCores"),
                        number(cpu, "totalNumThreads"), string(arch, "architecture"), string(arch, "variant"),
                        number(cpu, "maxDMIPS")));
            }
            b.cpus(cpus);
            Map<String, String> attrs = new LinkedHashMap<>();
            object(o, "attrs").entrySet().forEach(e -> attrs.put(e.getKey(), e.getValue().getAsString()));
            b.attrs(attrs);
            List<PartitionInfo> partitions = new ArrayList<>();
            for (JsonElement e : array(o, "partitions")) {
                JsonObject p = e.getAsJsonObject();
                partitions.add(new PartitionInfo(string(p, "name"), strings(p, "types"), string(p, "path"),
                        number(p, "totalSize")));
            }
            b.partitions(partitions);
            String text = string(o, "state");
            NodeState state = text.isEmpty() ? NodeState.UNPROVISIONED
                    : NodeState.parse(text).orElseThrow(() -> new IllegalArgumentException("unknown state " + text));
            b.state(state);
            JsonObject error = object(o, "errorInfo");
            if (state == NodeState.ERROR && !error.entrySet().isEmpty()) {
                b.error(new ErrorInfo(errorCode(number(error, "aosCode")), (int) number(error, "exitCode"),
                        string(error, "message")));
            }
            return b.build();
        } catch (RuntimeException e) {
            throw new IamException(ErrorCode.RUNTIME,
                    "stored info of node " + nodeId + " is not node JSON: " + e.getMessage(), e);
        }
    }

    private static JsonObject cpu(CpuInfo cpu) {
        JsonObject j = new JsonObject();
        j.addProperty("modelName", cpu.modelName());
        j.addProperty("totalNumCores", cpu.numCores());
        j.addProperty("totalNumThreads", cpu.numThreads());
        JsonObject arch = new JsonObject();
        arch.addProperty("architecture", cpu.architecture());
        if (!cpu.architectureVariant().isEmpty()) {
            arch.addProperty("variant", cpu.architectureVariant());
        }
        j.add("archInfo", arch);
        if (cpu.maxDmips() != 0) {
            j.addProperty("maxDMIPS", cpu.maxDmips());
        }
        return j;
    }

    private static ErrorCode errorCode(long aosCode) {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.aosCode() == aosCode) {
                return code;
            }
        }
        return ErrorCode.FAILED;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    /** @return the member whose key equals {@code key} ignoring case, or {@code null} if absent or JSON null */
    private static JsonElement member(JsonObject o, String key) {
        JsonElement found = o.get(key);
        if (found == null) {
            for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                if (e.getKey().equalsIgnoreCase(key)) {
                    found = e.getValue();
                    break;
                }
            }
        }
        return found == null || found.isJsonNull() ? null : found;
    }

    private static JsonObject object(JsonObject o, String key) {
        JsonElement e = member(o, key);
        return e == null ? new JsonObject() : e.getAsJsonObject();
    }

    private static JsonArray array(JsonObject o, String key) {
        JsonElement e = member(o, key);
        return e == null ? new JsonArray() : e.getAsJsonArray();
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = member(o, key);
        return e == null ? "" : e.getAsString();
    }

    private static long number(JsonObject o, String key) {
        JsonElement e = member(o, key);
        return e == null ? 0 : e.getAsLong();
    }

    private static List<String> strings(JsonObject o, String key) {
        List<String> values = new ArrayList<>();
        array(o, key).forEach(e -> values.add(e.getAsString()));
        return values;
    }
}
