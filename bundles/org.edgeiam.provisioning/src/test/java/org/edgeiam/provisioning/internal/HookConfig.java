package org.edgeiam.provisioning.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

/** A configuration whose hooks append their step's name to a file, so tests see which ran. */
final class HookConfig implements Config {
    private final Path journal;

    HookConfig(Path journal) {
        this.journal = journal;
    }

    private String[] append(String step) {
        return new String[] {"sh", "-c", "echo " + step + " >> '" + journal + "'"};
    }

    @Override
    public String[] start_cmd() {
        return append("start");
    }

    @Override
    public String[] disk_encryption_cmd() {
        return append("disk-encryption");
    }

    @Override
    public String[] finish_cmd() {
        return append("finish");
    }

    @Override
    public String[] deprovision_cmd() {
        return append("deprovision");
    }

    @Override
    public int cmd_timeout() {
        return 30;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return Config.class;
    }
}
