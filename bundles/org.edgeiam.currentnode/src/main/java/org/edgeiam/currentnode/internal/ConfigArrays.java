package org.edgeiam.currentnode.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

/**
 * Decodes the two string-array properties of {@link Config}: {@code attrs} entries
 * {@code name=value} and {@code partitions} entries {@code name;path;type1,type2} (the types part
 * may be omitted). Blank entries are skipped (metatype tools turn an empty default into one empty
 * value); any other malformed entry fails with {@code INVALID_ARGUMENT} naming the property and
 * the entry, so a typo never silently drops an attribute or a partition.
 */
final class ConfigArrays {
    static final String ATTRS = "attrs";
    static final String PARTITIONS = "partitions";
    static final int MAX_ATTRS = 16;
    static final int MAX_ATTR_NAME = 16;
    static final int MAX_ATTR_VALUE = 64;

    /** A configured partition, before its size is known. */
    record Partition(String name, String path, List<String> types) {
    }

    private ConfigArrays() {
    }

    /**
     * @param entries {@code name=value} entries; name and value are trimmed, the value may be empty
     * @return the attributes in entry order
     * @throws IamException {@code INVALID_ARGUMENT} on a malformed, duplicate or too long entry
     *         or more than {@value #MAX_ATTRS} entries
     */
    static Map<String, String> attrs(String[] entries) throws IamException {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (name.isEmpty()) {
                throw invalid(ATTRS, entry, "expected name=value");
            }
            String value = entry.substring(eq + 1).trim();
            if (name.length() > MAX_ATTR_NAME) {
                throw invalid(ATTRS, entry, "attribute " + name + ": name longer than "
                        + MAX_ATTR_NAME + " characters");
            }
            if (value.length() > MAX_ATTR_VALUE) {
                throw invalid(ATTRS, entry, "attribute " + name + ": value longer than "
                        + MAX_ATTR_VALUE + " characters");
            }
            if (attrs.putIfAbsent(name, value) != null) {
                throw invalid(ATTRS, entry, "attribute " + name + " is given twice");
            }
            if (attrs.size() > MAX_ATTRS) {
                throw invalid(ATTRS, entry, "attribute " + name + " exceeds the maximum of "
                        + MAX_ATTRS + " attributes");
            }
        }
        return attrs;
    }

    /**
     * @param entries {@code name;path;type1,type2} entries; parts are trimmed, empty types dropped
     * @return the partitions in entry order
     * @throws IamException {@code INVALID_ARGUMENT} on a malformed entry or a duplicate name
     */
    static List<Partition> partitions(String[] entries) throws IamException {
        List<Partition> partitions = new ArrayList<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split(";", -1);
            if (parts.length < 2 || parts.length > 3) {
                throw invalid(PARTITIONS, entry, "expected name;path;type1,type2");
            }
            String name = parts[0].trim();
            String path = parts[1].trim();
            if (name.isEmpty() || path.isEmpty()) {
                throw invalid(PARTITIONS, entry, "name and path must not be empty");
            }
            if (partitions.stream().anyMatch(p -> p.name().equals(name))) {
                throw invalid(PARTITIONS, entry, "partition " + name + " is given twice");
            }
            List<String> types = parts.length < 3 ? List.of()
                    : Arrays.stream(parts[2].split(",")).map(String::trim)
                            .filter(t -> !t.isEmpty()).toList();
            partitions.add(new Partition(name, path, types));
        }
        return partitions;
    }

    private static IamException invalid(String property, String entry, String why) {
        return new IamException(ErrorCode.INVALID_ARGUMENT,
                "invalid entry '" + entry + "' in property " + property + ": " + why);
    }
}
