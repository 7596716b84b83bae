package org.edgeiam.iamserver.internal.service;

import java.util.function.Function;
import java.util.function.Supplier;

import org.edgeiam.api.IamException;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.grpc.common.v2.ErrorInfo;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.iamserver.internal.GrpcErrors;
import org.edgeiam.iamserver.internal.Hold;
import org.edgeiam.iamserver.internal.nodes.NodeController;

import io.grpc.stub.StreamObserver;

/**
 * One call of a main-node service whose response carries an {@code error} field: done here when
 * the node ID is empty or this node's, else forwarded to the secondary node and its reply
 * returned. Failures, local or of the forwarding, go into the error field with status OK (as
 * AosEdge); only "not the main node" and a missing current node end the call with a status.
 *
 * @param <R> response type
 */
final class ForwardingCall<R> {
    /** Work done on this node. */
    @FunctionalInterface
    interface Local<R> {
        R run(NodeInfo self) throws IamException;
    }

    private final String service;
    private final Function<ErrorInfo, R> failure;
    private final boolean retryable;

    /**
     * A call whose local work may be run again while it fails with UNAVAILABLE (it changes
     * nothing before it finds its backends).
     *
     * @param service gRPC service name, for the UNIMPLEMENTED message on secondary nodes
     * @param failure builds the response that carries an error
     */
    ForwardingCall(String service, Function<ErrorInfo, R> failure) {
        this(service, failure, true);
    }

    /**
     * @param service gRPC service name, for the UNIMPLEMENTED message on secondary nodes
     * @param failure builds the response that carries an error
     * @param retryable whether the local work may be run again while it fails with UNAVAILABLE;
     *        false for work with side effects (hooks, clearing keys): it holds only its own
     *        backend look-up ({@link Hold#retrying} inside the work)
     */
    ForwardingCall(String service, Function<ErrorInfo, R> failure, boolean retryable) {
        this.service = service;
        this.failure = failure;
        this.retryable = retryable;
    }

    void run(Supplier<CurrentNode> currentNode, Supplier<NodeController> controller, String nodeId, Local<R> local,
            IAMIncomingMessages forward, Function<IAMOutgoingMessages, R> reply, StreamObserver<R> response) {
        GrpcErrors.answer(response, () -> {
            NodeInfo self = NodeScope.requireMain(currentNode.get(), service);
            R result;
            try {
                result = NodeScope.isLocal(self, nodeId) ? (retryable ? Hold.retrying(() -> local.run(self)) : local.run(self))
                        : reply.apply(Hold.retrying(() -> NodeScope.controller(controller.get()))
                                .forward(nodeId, forward));
            } catch (IamException e) {
                result = failure.apply(GrpcErrors.toErrorInfo(e));
            }
            return result;
        });
    }
}
