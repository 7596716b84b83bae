package org.edgeiam.iamserver.internal.service;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.iamserver.internal.nodes.NodeController;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Where a request belongs: main-node-only services answer UNIMPLEMENTED on secondary nodes (as
 * AosEdge, which does not register them there), and a request naming another node is forwarded
 * to it by the node controller.
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
     * @return whether the request is for this node (an empty ID means this node)
     */
    static boolean isLocal(NodeInfo self, String nodeId) {
        return nodeId.isEmpty() || nodeId.equals(self.nodeId());
    }

    /**
     * @param controller the node controller, or {@code null} if it is missing
     * @return it
     * @throws IamException {@code UNAVAILABLE} if it is missing
     */
    static NodeController controller(NodeController controller) throws IamException {
        if (controller == null) {
            throw new IamException(ErrorCode.UNAVAILABLE, "forwarding to secondary nodes is not available");
        }
        return controller;
    }
}
