package org.edgeiam.iamclient.internal;

import java.lang.annotation.Annotation;

/**
 * A {@link ClientConfig} for tests: the annotation's defaults, except a short reconnect
 * interval; each setter changes one property and returns this.
 */
final class TestConfig implements ClientConfig {
    private String publicUrl = "";
    private String protectedUrl = "";
    private String caCert = "";
    private String certStorage = "iam";
    private boolean provisioning;
    private boolean allowPlaintext;
    private long reconnectIntervalMs = 200;

    TestConfig publicUrl(String v) {
        this.publicUrl = v;
        return this;
    }

    TestConfig protectedUrl(String v) {
        this.protectedUrl = v;
        return this;
    }

    TestConfig caCert(String v) {
        this.caCert = v;
        return this;
    }

    TestConfig certStorage(String v) {
        this.certStorage = v;
        return this;
    }

    TestConfig provisioning(boolean v) {
        this.provisioning = v;
        return this;
    }

    TestConfig allowPlaintext(boolean v) {
        this.allowPlaintext = v;
        return this;
    }

    TestConfig reconnectIntervalMs(long v) {
        this.reconnectIntervalMs = v;
        return this;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return ClientConfig.class;
    }

    @Override
    public String main_public_url() {
        return publicUrl;
    }

    @Override
    public String main_protected_url() {
        return protectedUrl;
    }

    @Override
    public String ca_cert() {
        return caCert;
    }

    @Override
    public String cert_storage() {
        return certStorage;
    }

    @Override
    public boolean provisioning() {
        return provisioning;
    }

    @Override
    public boolean allow_plaintext() {
        return allowPlaintext;
    }

    @Override
    public long reconnect_interval_ms() {
        return reconnectIntervalMs;
    }
}
