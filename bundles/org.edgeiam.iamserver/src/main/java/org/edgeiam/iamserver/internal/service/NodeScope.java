package org.edgeiam.iamserver.internal.service;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeInfo;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Where a request belongs: main-node-only services answer UNIMPLEMENTED on secondary nodes (as
 * AosEdge, which does not register them there), and a request naming another node is for that
 * node (forwarding over RegisterNode streams comes with the node controller).
 */
final class NodeScope {
    private NodeScope() {
    }

    /**
     * @param node the current node, or {@code null} if that service is missing
     * @param service the gRPC service name, for the message
     * @return this node's information
     * @throws StatusRuntimeException UNAVAILABLE without a current node, UNIMPLEMENTED on a
     *         secondary node
     */
    static NodeInfo requireMain(CurrentNode node, String service) {
        if (node == null) {
            throw Status.UNAVAILABLE.withDescription("current node is not available").asRuntimeException();
        }
        NodeInfo info = node.nodeInfo();
        if (!info.isMainNode()) {
            throw Status.UNIMPLEMENTED.withDescription(service + " is served by the main node only").asRuntimeException();
        }
        return info;
    }

    /**
     * @param self this node
     * @param nodeId the request's node ID
     * @throws IamException {@code NOT_FOUND} for a node that is not this one
     */
    static void requireLocal(NodeInfo self, String nodeId) throws IamException {
        if (!nodeId.isEmpty() && !nodeId.equals(self.nodeId())) {
            throw new IamException(ErrorCode.NOT_FOUND, "node '" + nodeId + "' is not registered");
        }
    }
}
