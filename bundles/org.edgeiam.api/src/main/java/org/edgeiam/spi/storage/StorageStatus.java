package org.edgeiam.spi.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Diagnostic snapshot of a storage backend.
 *
 * @param location where the data lives, e.g. the DB file path
 * @param schemaVersion the schema version the data is at
 * @param rowCounts number of rows per table, in a stable order
 * @since 1.0
 */
public record StorageStatus(String location, int schemaVersion, Map<String, Long> rowCounts) {
    /** Canonical constructor: copies the counts, keeping their order. */
    public StorageStatus {
        Objects.requireNonNull(location, "location");
        rowCounts = Collections.unmodifiableMap(new LinkedHashMap<>(rowCounts));
    }
}
