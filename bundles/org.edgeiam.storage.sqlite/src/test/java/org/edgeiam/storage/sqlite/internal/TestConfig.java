package org.edgeiam.storage.sqlite.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

/** A {@link SqliteStorage.Config} for tests, as ConfigAdmin would hand it to the component. */
final class TestConfig implements SqliteStorage.Config {
    private final String workingDir;
    private final String dbFile;

    TestConfig(String workingDir, String dbFile) {
        this.workingDir = workingDir;
        this.dbFile = dbFile;
    }

    static TestConfig of(Path workingDir) {
        return new TestConfig(workingDir.toString(), "iamanager.db");
    }

    @Override
    public String working_dir() {
        return this.workingDir;
    }

    @Override
    public String db_file() {
        return this.dbFile;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return SqliteStorage.Config.class;
    }
}
