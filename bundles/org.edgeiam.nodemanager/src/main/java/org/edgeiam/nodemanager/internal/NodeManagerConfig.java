package org.edgeiam.nodemanager.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the node registry (PID {@code org.edgeiam.nodemanager}, optional). */
@ObjectClassDefinition(name = "EdgeIAM node manager", description = "The registry of the unit's nodes.")
public @interface NodeManagerConfig {
    /** PID of this configuration. */
    String PID = "org.edgeiam.nodemanager";

    @AttributeDefinition(name = "Most nodes",
            description = "How many nodes the registry holds; a node beyond that is refused (AosEdge: 16).")
    int max_nodes() default NodeManagerImpl.DEFAULT_MAX_NODES;
}
