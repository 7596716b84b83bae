package org.edgeiam.certhandler.internal;

import java.lang.annotation.Annotation;

/** A cert module configuration: ECC, two certificates, the given plugin. */
final class ModuleConfig implements CertModuleConfig {
    private final String id;
    private final String plugin;

    ModuleConfig(String id, String plugin) {
        this.id = id;
        this.plugin = plugin;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String plugin() {
        return plugin;
    }

    @Override
    public String algorithm() {
        return "ecc";
    }

    @Override
    public int max_items() {
        return 2;
    }

    @Override
    public String[] extended_key_usage() {
        return new String[0];
    }

    @Override
    public String[] alternative_names() {
        return new String[0];
    }

    @Override
    public boolean self_signed() {
        return false;
    }

    @Override
    public boolean skip_validation() {
        return false;
    }

    @Override
    public String webconsole_configurationFactory_nameHint() {
        return "";
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return CertModuleConfig.class;
    }
}
