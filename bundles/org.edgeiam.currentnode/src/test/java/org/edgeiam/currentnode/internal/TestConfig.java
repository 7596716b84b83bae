package org.edgeiam.currentnode.internal;

import java.lang.annotation.Annotation;

/**
 * A {@link Config} for tests: starts with the annotation's defaults, and each setter changes one
 * property and returns this, e.g. {@code new TestConfig().nodeIdPath(p).attrs("MainNode=")}.
 */
final class TestConfig implements Config {
    private String nodeIdPath = "/etc/machine-id";
    private String cpuInfoPath = "/proc/cpuinfo";
    private String memInfoPath = "/proc/meminfo";
    private String statePath = "/var/aos/.provisionstate";
    private String nodeName = "";
    private String nodeType = "";
    private long maxDmips;
    private String[] attrs = {};
    private String[] partitions = {};
    private String architecture = "";
    private String architectureVariant = "";
    private String os = "linux";
    private String osVersion = "";

    TestConfig nodeIdPath(String v) {
        this.nodeIdPath = v;
        return this;
    }

    TestConfig cpuInfoPath(String v) {
        this.cpuInfoPath = v;
        return this;
    }

    TestConfig memInfoPath(String v) {
        this.memInfoPath = v;
        return this;
    }

    TestConfig statePath(String v) {
        this.statePath = v;
        return this;
    }

    TestConfig nodeName(String v) {
        this.nodeName = v;
        return this;
    }

    TestConfig nodeType(String v) {
        this.nodeType = v;
        return this;
    }

    TestConfig maxDmips(long v) {
        this.maxDmips = v;
        return this;
    }

    TestConfig attrs(String... v) {
        this.attrs = v.clone();
        return this;
    }

    TestConfig partitions(String... v) {
        this.partitions = v.clone();
        return this;
    }

    TestConfig architecture(String v) {
        this.architecture = v;
        return this;
    }

    TestConfig architectureVariant(String v) {
        this.architectureVariant = v;
        return this;
    }

    TestConfig os(String v) {
        this.os = v;
        return this;
    }

    TestConfig osVersion(String v) {
        this.osVersion = v;
        return this;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return Config.class;
    }

    @Override
    public String node_id_path() {
        return this.nodeIdPath;
    }

    @Override
    public String cpuinfo_path() {
        return this.cpuInfoPath;
    }

    @Override
    public String meminfo_path() {
        return this.memInfoPath;
    }

    @Override
    public String provisioning_state_path() {
        return this.statePath;
    }

    @Override
    public String node_name() {
        return this.nodeName;
    }

    @Override
    public String node_type() {
        return this.nodeType;
    }

    @Override
    public long max_dmips() {
        return this.maxDmips;
    }

    @Override
    public String[] attrs() {
        return this.attrs.clone();
    }

    @Override
    public String[] partitions() {
        return this.partitions.clone();
    }

    @Override
    public String architecture() {
        return this.architecture;
    }

    @Override
    public String architecture_variant() {
        return this.architectureVariant;
    }

    @Override
    public String os() {
        return this.os;
    }

    @Override
    public String os_version() {
        return this.osVersion;
    }
}
