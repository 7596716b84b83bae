package org.edgeiam.iamserver.internal.nodes;

import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.grpc.iamanager.v6.CPUInfo;
import org.edgeiam.grpc.iamanager.v6.NodeAttribute;
import org.edgeiam.grpc.iamanager.v6.NodeInfo;
import org.edgeiam.grpc.iamanager.v6.PartitionInfo;

/**
 * Bounds on a NodeInfo that a secondary node sends over RegisterNode, checked before anything is
 * kept or logged: the node ID is 1–{@value #MAX_ID} printable ASCII characters without spaces,
 * every other string at most {@value #MAX_TEXT} characters without control characters (so no
 * CR/LF reaches a log line), every list at most {@value #MAX_ITEMS} entries. An error names the
 * field and the bound, never the value.
 */
final class NodeInfoLimits {
    /** Longest node ID. */
    static final int MAX_ID = 64;
    /** Longest other string. */
    static final int MAX_TEXT = 256;
    /** Most entries of a list (CPUs, partitions, partition types, attributes, OS features). */
    static final int MAX_ITEMS = 64;

    private NodeInfoLimits() {
    }

    /**
     * @param info the received NodeInfo
     * @throws IamException {@code INVALID_ARGUMENT} naming the first field out of bounds
     */
    static void check(NodeInfo info) throws IamException {
        String id = info.getNodeId();
        if (id.isEmpty() || id.length() > MAX_ID || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw invalid("NodeInfo.node_id must be 1 to " + MAX_ID + " printable ASCII characters without spaces");
        }
        text("NodeInfo.node_type", info.getNodeType());
        text("NodeInfo.title", info.getTitle());
        text("NodeInfo.state", info.getState());
        text("NodeInfo.os_info.os", info.getOsInfo().getOs());
        text("NodeInfo.os_info.version", info.getOsInfo().getVersion());
        texts("NodeInfo.os_info.features", info.getOsInfo().getFeaturesList());
        text("NodeInfo.error.message", info.getError().getMessage());
        items("NodeInfo.cpus", info.getCpusCount());
        for (CPUInfo cpu : info.getCpusList()) {
            text("NodeInfo.cpus.model_name", cpu.getModelName());
            text("NodeInfo.cpus.arch_info.architecture", cpu.getArchInfo().getArchitecture());
            text("NodeInfo.cpus.arch_info.variant", cpu.getArchInfo().getVariant());
        }
        items("NodeInfo.partitions", info.getPartitionsCount());
        for (PartitionInfo p : info.getPartitionsList()) {
            text("NodeInfo.partitions.name", p.getName());
            text("NodeInfo.partitions.path", p.getPath());
            texts("NodeInfo.partitions.types", p.getTypesList());
        }
        items("NodeInfo.attrs", info.getAttrsCount());
        for (NodeAttribute a : info.getAttrsList()) {
            text("NodeInfo.attrs.name", a.getName());
            text("NodeInfo.attrs.value", a.getValue());
        }
    }

    private static void texts(String field, List<String> values) throws IamException {
        items(field, values.size());
        for (String v : values) {
            text(field, v);
        }
    }

    private static void items(String field, int count) throws IamException {
        if (count > MAX_ITEMS) {
            throw invalid(field + " has " + count + " entries, at most " + MAX_ITEMS + " are accepted");
        }
    }

    private static void text(String field, String value) throws IamException {
        if (value.length() > MAX_TEXT) {
            throw invalid(field + " is " + value.length() + " characters long, at most " + MAX_TEXT + " are accepted");
        }
        if (!value.chars().allMatch(c -> c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) && c != 0x2028
                && c != 0x2029)) {
            throw invalid(field + " contains control characters");
        }
    }

    private static IamException invalid(String message) {
        return new IamException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
