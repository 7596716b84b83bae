package org.edgeiam.config.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * A JSON object of the configuration file, read as AosEdge reads it: keys case-insensitive, and
 * every type error reported with the file and the full key path ({@code nodeInfo.maxDMIPS}).
 */
final class JsonNode {
    private final String file;
    private final String path;
    private final Map<String, JsonElement> members = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final List<String> keys = new ArrayList<>();

    JsonNode(String file, String path, JsonObject object) {
        this.file = file;
        this.path = path;
        for (Map.Entry<String, JsonElement> e : object.entrySet()) {
            members.put(e.getKey(), e.getValue());
            keys.add(e.getKey());
        }
    }

    /** @return the keys as written in the file, in file order */
    List<String> keys() {
        return List.copyOf(keys);
    }

    boolean has(String key) {
        JsonElement e = members.get(key);
        return e != null && !e.isJsonNull();
    }

    Optional<String> string(String key) throws IamException {
        JsonElement e = members.get(key);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isString()) {
            throw error(key, "expected a string, found " + e);
        }
        return Optional.of(e.getAsString());
    }

    String requiredString(String key) throws IamException {
        Optional<String> value = string(key);
        if (value.isEmpty() || value.get().isBlank()) {
            throw error(key, "is required and must be a non-empty string");
        }
        return value.get();
    }

    Optional<Long> number(String key) throws IamException {
        JsonElement e = members.get(key);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber()) {
            throw error(key, "expected a number, found " + e);
        }
        try {
            long value = Long.parseLong(e.getAsString());
            if (value < 0) {
                throw error(key, "must not be negative, found " + value);
            }
            return Optional.of(value);
        } catch (NumberFormatException x) {
            throw error(key, "expected a whole number, found " + e);
        }
    }

    Optional<Boolean> bool(String key) throws IamException {
        JsonElement e = members.get(key);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isBoolean()) {
            throw error(key, "expected true or false, found " + e);
        }
        return Optional.of(e.getAsBoolean());
    }

    Optional<JsonNode> object(String key) throws IamException {
        JsonElement e = members.get(key);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!e.isJsonObject()) {
            throw error(key, "expected an object, found " + e);
        }
        return Optional.of(new JsonNode(file, child(key), e.getAsJsonObject()));
    }

    JsonNode requiredObject(String key) throws IamException {
        return object(key).orElseThrow(() -> error(key, "is required and must be an object"));
    }

    List<String> strings(String key) throws IamException {
        List<String> result = new ArrayList<>();
        JsonElement e = members.get(key);
        if (e == null || e.isJsonNull()) {
            return result;
        }
        if (!e.isJsonArray()) {
            throw error(key, "expected an array of strings, found " + e);
        }
        JsonArray array = e.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            JsonElement item = array.get(i);
            if (!item.isJsonPrimitive() || !((JsonPrimitive) item).isString()) {
                throw error(key + "[" + i + "]", "expected a string, found " + item);
            }
            result.add(item.getAsString());
        }
        return result;
    }

    List<JsonNode> objects(String key) throws IamException {
        List<JsonNode> result = new ArrayList<>();
        JsonElement e = members.get(key);
        if (e == null || e.isJsonNull()) {
            return result;
        }
        if (!e.isJsonArray()) {
            throw error(key, "expected an array of objects, found " + e);
        }
        JsonArray array = e.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isJsonObject()) {
                throw error(key + "[" + i + "]", "expected an object, found " + array.get(i));
            }
            result.add(new JsonNode(file, child(key) + "[" + i + "]", array.get(i).getAsJsonObject()));
        }
        return result;
    }

    /**
     * @param key a key
     * @return a string, number or boolean member as text
     * @throws IamException if the member is missing, null, an object or an array
     */
    String scalar(String key) throws IamException {
        JsonElement e = members.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            throw error(key, "expected a string, number or boolean, found " + e);
        }
        return e.getAsString();
    }

    /** @return the member values as strings (for free-form maps such as {@code attrs}) */
    Map<String, String> stringMap() throws IamException {
        Map<String, String> result = new java.util.LinkedHashMap<>();
        for (String key : keys()) {
            result.put(key, string(key).orElse(""));
        }
        return result;
    }

    IamException error(String key, String problem) {
        return new IamException(ErrorCode.INVALID_ARGUMENT, file + ": " + child(key) + ": " + problem);
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
