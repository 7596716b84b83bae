package org.edgeiam.currentnode.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the current node (PID {@code org.edgeiam.currentnode}): where to find the
 * node ID, {@code /proc} files and the provisioning state file, plus the static node facts that
 * only the integrator knows. Property ids are the method names with {@code _} turned into
 * {@code .}, e.g. {@code node.id.path}.
 */
@ObjectClassDefinition(name = "EdgeIAM current node",
        description = "This node's identity, hardware facts and provisioning state file.")
@interface Config {
    @AttributeDefinition(name = "Node ID file",
            description = "File whose first line is the node ID.")
    String node_id_path() default "/etc/machine-id";

    @AttributeDefinition(name = "CPU info file",
            description = "cpuinfo file; unreadable or corrupt gives one default CPU.")
    String cpuinfo_path() default "/proc/cpuinfo";

    @AttributeDefinition(name = "Memory info file",
            description = "meminfo file; its MemTotal is the node's total RAM.")
    String meminfo_path() default "/proc/meminfo";

    @AttributeDefinition(name = "Provisioning state file",
            description = "File holding the provisioning state; absent means unprovisioned.")
    String provisioning_state_path() default "/var/aos/.provisionstate";

    @AttributeDefinition(name = "Node name", description = "Human-readable title of the node.")
    String node_name() default "";

    @AttributeDefinition(name = "Node type", description = "Node type, e.g. main or secondary.")
    String node_type() default "";

    @AttributeDefinition(name = "Max DMIPS",
            description = "Maximum DMIPS of the node, 0 if unknown.")
    long max_dmips() default 0;

    @AttributeDefinition(name = "Attributes",
            description = "Node attributes as name=value, e.g. MainNode= or "
                    + "AosComponents=cm,iam,sm; at most 16, names up to 16 and values up to 64 "
                    + "characters.")
    String[] attrs() default {};

    @AttributeDefinition(name = "Partitions",
            description = "Partitions as name;path;type1,type2, "
                    + "e.g. storages;/var/aos/storages;storages.")
    String[] partitions() default {};

    @AttributeDefinition(name = "Architecture",
            description = "If set, overrides the architecture of every CPU.")
    String architecture() default "";

    @AttributeDefinition(name = "Architecture variant",
            description = "If set, overrides the architecture variant of every CPU.")
    String architecture_variant() default "";

    @AttributeDefinition(name = "OS", description = "Operating system name.")
    String os() default "linux";

    @AttributeDefinition(name = "OS version",
            description = "Operating system version, may be empty.")
    String os_version() default "";
}
