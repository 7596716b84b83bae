package org.edgeiam.identifier.vis.internal;

import java.lang.annotation.Annotation;

/**
 * A {@link Config} for tests: starts with the annotation's defaults, and each setter changes one
 * property and returns this, e.g. {@code new TestConfig().visServer(url)}.
 */
final class TestConfig implements Config {
    private String visServer = "";
    private String caCertFile = "";
    private String webSocketTimeout = "120s";

    TestConfig visServer(String v) {
        this.visServer = v;
        return this;
    }

    TestConfig caCertFile(String v) {
        this.caCertFile = v;
        return this;
    }

    TestConfig webSocketTimeout(String v) {
        this.webSocketTimeout = v;
        return this;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return Config.class;
    }

    @Override
    public String vis_server() {
        return this.visServer;
    }

    @Override
    public String ca_cert_file() {
        return this.caCertFile;
    }

    @Override
    public String web_socket_timeout() {
        return this.webSocketTimeout;
    }
}
