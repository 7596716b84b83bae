package org.edgeiam.api.node;

import java.util.Objects;

/**
 * One physical CPU of a node.
 *
 * @param modelName CPU model name ({@code model name} in /proc/cpuinfo)
 * @param numCores number of cores
 * @param numThreads number of hardware threads
 * @param architecture architecture, e.g. {@code x86_64} or the CPU family
 * @param architectureVariant architecture variant, may be empty
 * @param maxDmips maximum DMIPS of this CPU, 0 if unknown
 * @since 1.0
 */
public record CpuInfo(String modelName, long numCores, long numThreads, String architecture,
        String architectureVariant, long maxDmips) {
    /** Canonical constructor: strings must not be {@code null}. */
    public CpuInfo {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(architectureVariant, "architectureVariant");
    }
}
