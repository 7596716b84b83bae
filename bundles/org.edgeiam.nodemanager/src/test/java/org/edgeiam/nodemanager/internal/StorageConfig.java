package org.edgeiam.nodemanager.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

import org.edgeiam.storage.sqlite.internal.SqliteStorage;

/** A {@link SqliteStorage.Config} for tests, as ConfigAdmin would hand it to the storage component. */
final class StorageConfig implements SqliteStorage.Config {
    private final Path workingDir;

    StorageConfig(Path workingDir) {
        this.workingDir = workingDir;
    }

    @Override
    public String working_dir() {
        return this.workingDir.toString();
    }

    @Override
    public String db_file() {
        return "iamanager.db";
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return SqliteStorage.Config.class;
    }
}
