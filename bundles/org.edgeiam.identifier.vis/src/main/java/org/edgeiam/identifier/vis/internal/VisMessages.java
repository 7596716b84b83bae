package org.edgeiam.identifier.vis.internal;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * The VIS messages the identifier sends and receives (reference §6.2): requests as JSON text,
 * received frames as {@link Frame}s, and the checks of the three values it reads, with the same
 * limits as the rest of EdgeIAM. Every error message quotes at most {@link #LOG_CHARS} characters
 * of what the server sent.
 */
final class VisMessages {
    static final String SYSTEM_ID_PATH = "Attribute.Vehicle.VehicleIdentification.VIN";
    static final String UNIT_MODEL_PATH = "Attribute.Aos.UnitModel";
    static final String SUBJECTS_PATH = "Attribute.Aos.Subjects";
    static final int MAX_SYSTEM_ID_LENGTH = 64;
    static final int MAX_UNIT_MODEL_LENGTH = 64;
    static final int MAX_VERSION_LENGTH = 32;
    static final int MAX_SUBJECTS = 64;
    static final int MAX_SUBJECT_LENGTH = 64;
    static final int LOG_CHARS = 200;

    /**
     * One received frame; the fields are {@code null} when absent.
     *
     * @param action the action
     * @param requestId the request it answers
     * @param subscriptionId the subscription it answers or notifies
     * @param value the value
     * @param error the error the server reports
     */
    record Frame(String action, String requestId, String subscriptionId, JsonElement value, JsonElement error) {
    }

    /**
     * The value of {@link #UNIT_MODEL_PATH}.
     *
     * @param model the unit model
     * @param version the unit model version
     */
    record UnitModel(String model, String version) {
    }

    private VisMessages() {
    }

    /** @return a request; {@code path} may be {@code null} (unsubscribeAll) */
    static String request(String action, String requestId, String path) {
        JsonObject request = new JsonObject();
        request.addProperty("action", action);
        request.addProperty("requestId", requestId);
        if (path != null) {
            request.addProperty("path", path);
        }
        return request.toString();
    }

    /**
     * @param text a received text frame
     * @return the frame
     * @throws IllegalArgumentException if {@code text} is not a JSON object or a field has the
     *         wrong type; the message says what is wrong
     */
    static Frame parse(String text) {
        JsonElement root;
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("not JSON: text after the object");
            }
        } catch (JsonParseException | IOException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonObject frame = root.getAsJsonObject();
        return new Frame(id(frame, "action"), id(frame, "requestId"), id(frame, "subscriptionId"),
                present(frame.get("value")), present(frame.get("error")));
    }

    /** @return {@code value}, or its member {@code path} if it is an object keyed by the path */
    static JsonElement valueAt(JsonElement value, String path) {
        if (value != null && value.isJsonObject() && value.getAsJsonObject().has(path)) {
            return present(value.getAsJsonObject().get(path));
        }
        return value;
    }

    /** @return the system ID in {@code value} */
    static String systemId(JsonElement value) throws IamException {
        String systemId = string(value, SYSTEM_ID_PATH).strip();
        if (systemId.isEmpty()) {
            throw new IamException(ErrorCode.FAILED, "VIS value of " + SYSTEM_ID_PATH + " is empty");
        }
        limit(systemId.length(), MAX_SYSTEM_ID_LENGTH, "system ID", "characters");
        return systemId;
    }

    /** @return the unit model and version in {@code value} ({@code model;version}) */
    static UnitModel unitModel(JsonElement value) throws IamException {
        String text = string(value, UNIT_MODEL_PATH);
        String[] parts = text.split(";", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IamException(ErrorCode.FAILED, "VIS value of " + UNIT_MODEL_PATH + " is not model;version: '"
                    + shorten(text) + "'");
        }
        UnitModel unitModel = new UnitModel(parts[0].strip(), parts[1].strip());
        limit(unitModel.model().length(), MAX_UNIT_MODEL_LENGTH, "unit model", "characters");
        limit(unitModel.version().length(), MAX_VERSION_LENGTH, "unit model version", "characters");
        return unitModel;
    }

    /** @return the subjects in {@code value}, unmodifiable */
    static List<String> subjects(JsonElement value) throws IamException {
        if (value == null || !value.isJsonArray()) {
            throw wrongType(value, SUBJECTS_PATH, "an array of strings");
        }
        limit(value.getAsJsonArray().size(), MAX_SUBJECTS, "subjects", "entries");
        List<String> subjects = new ArrayList<>();
        for (JsonElement subject : value.getAsJsonArray()) {
            if (!subject.isJsonPrimitive() || !subject.getAsJsonPrimitive().isString()) {
                throw wrongType(value, SUBJECTS_PATH, "an array of strings");
            }
            limit(subject.getAsString().length(), MAX_SUBJECT_LENGTH, "subject", "characters");
            subjects.add(subject.getAsString());
        }
        return List.copyOf(subjects);
    }

    /** @return {@code text}, cut after {@link #LOG_CHARS} characters */
    static String shorten(String text) {
        return text.length() <= LOG_CHARS ? text : text.substring(0, LOG_CHARS) + "…";
    }

    private static String string(JsonElement value, String path) throws IamException {
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw wrongType(value, path, "a string");
        }
        return value.getAsString();
    }

    private static void limit(int size, int max, String what, String unit) throws IamException {
        if (size > max) {
            throw new IamException(ErrorCode.NO_MEMORY,
                    "VIS " + what + " has " + size + " " + unit + ", more than the limit of " + max);
        }
    }

    private static IamException wrongType(JsonElement value, String path, String expected) {
        return new IamException(ErrorCode.FAILED, "VIS value of " + path + " is not " + expected + ": "
                + (value == null ? "no value" : shorten(value.toString())));
    }

    /** @return a string or number member as a string, or {@code null} if absent */
    private static String id(JsonObject frame, String name) {
        JsonElement element = present(frame.get(name));
        if (element == null) {
            return null;
        }
        if (element.isJsonPrimitive() && !element.getAsJsonPrimitive().isBoolean()) {
            return ((JsonPrimitive) element).getAsString();
        }
        throw new IllegalArgumentException(name + " is not a string");
    }

    private static JsonElement present(JsonElement element) {
        return element == null || element.isJsonNull() ? null : element;
    }
}
