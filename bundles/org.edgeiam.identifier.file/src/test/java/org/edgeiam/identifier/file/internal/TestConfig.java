package org.edgeiam.identifier.file.internal;

import java.lang.annotation.Annotation;

/**
 * A {@link Config} for tests: starts with the annotation's defaults (all empty), and each setter
 * changes one property and returns this, e.g. {@code new TestConfig().systemIdPath(p)}.
 */
final class TestConfig implements Config {
    private String systemIdPath = "";
    private String unitModelPath = "";
    private String subjectsPath = "";

    TestConfig systemIdPath(String v) {
        this.systemIdPath = v;
        return this;
    }

    TestConfig unitModelPath(String v) {
        this.unitModelPath = v;
        return this;
    }

    TestConfig subjectsPath(String v) {
        this.subjectsPath = v;
        return this;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return Config.class;
    }

    @Override
    public String system_id_path() {
        return this.systemIdPath;
    }

    @Override
    public String unit_model_path() {
        return this.unitModelPath;
    }

    @Override
    public String subjects_path() {
        return this.subjectsPath;
    }
}
