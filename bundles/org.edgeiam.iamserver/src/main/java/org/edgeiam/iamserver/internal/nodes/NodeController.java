package org.edgeiam.iamserver.internal.nodes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.api.nodes.NodeManager;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.iamserver.internal.GrpcErrors;
import org.edgeiam.iamserver.internal.ServerConfig;
import org.edgeiam.util.wire.NodeInfoProto;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * The main node's side of the RegisterNode streams (aos-iam-v6.md §5.3). Each stream is linked to
 * the node ID of the NodeInfo it sends, if the server accepts that state (public: only
 * {@code unprovisioned}; protected: any other); a newer stream for the same node takes over and
 * the older one is closed. Requests for a secondary node are forwarded over its stream and the
 * reply awaited; requests of one type for one node wait in line instead of failing. A node that
 * was never registered fails at once, a known node whose stream is down is tried again as the
 * {@link ForwardPolicy} says. After a successful pause, resume, finish or deprovision the node
 * manager records the node's new state.
 */
@Component(service = NodeController.class, configurationPid = ServerConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class NodeController {
    private static final Logger LOG = LoggerFactory.getLogger(NodeController.class);

    private final Map<String, NodeLink> links = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> lines = new ConcurrentHashMap<>();
    private final ForwardPolicy policy;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeManager nodeManager;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CurrentNode currentNode;

    /** @param config the servers' configuration, which holds the forwarding settings */
    @Activate
    public NodeController(ServerConfig config) {
        this(ForwardPolicy.of(config));
    }

    NodeController(ForwardPolicy policy) {
        this.policy = policy;
    }

    void bind(NodeManager manager, CurrentNode node) {
        this.nodeManager = manager;
        this.currentNode = node;
    }

    /**
     * @param out the stream to the secondary node
     * @param publicServer whether the stream arrived on the public server
     * @return the observer of the node's messages
     */
    public StreamObserver<IAMOutgoingMessages> register(StreamObserver<IAMIncomingMessages> out,
            boolean publicServer) {
        return new NodeLink(out, publicServer, this);
    }

    /** @return the IDs of the nodes with a linked stream */
    public List<String> linkedNodes() {
        return links.keySet().stream().sorted().toList();
    }

    synchronized void nodeInfoReceived(NodeLink link, org.edgeiam.grpc.iamanager.v6.NodeInfo wire) {
        NodeInfo info;
        try {
            info = NodeInfoProto.fromProto(wire);
        } catch (IamException e) {
            refuse(link, e.getMessage());
            return;
        }
        CurrentNode self = currentNode;
        if (self != null && info.nodeId().equals(self.nodeInfo().nodeId())) {
            refuse(link, "node ID " + info.nodeId() + " is the main node's own");
            return;
        }
        if (link.isPublic() != (info.state() == NodeState.UNPROVISIONED)) {
            refuse(link, "node " + info.nodeId() + " is " + info.state().wireName() + ", but the "
                    + (link.isPublic() ? "public server accepts only unprovisioned nodes"
                            : "protected server accepts only provisioned nodes"));
            return;
        }
        NodeManager manager = nodeManager;
        if (manager != null) {
            try {
                manager.setNodeInfo(info, true);
            } catch (IamException e) {
                LOG.warn("node {} cannot be registered: {}", info.nodeId(), e.getMessage());
                link.close(GrpcErrors.toStatus(e).getStatus());
                return;
            }
        }
        String before = link.nodeId();
        if (before != null && !before.equals(info.nodeId())) {
            unlink(link, "it now speaks for node " + info.nodeId());
        }
        link.linkTo(info.nodeId());
        NodeLink older = links.put(info.nodeId(), link);
        if (older == null) {
            LOG.info("node {} registered ({}, {} server)", info.nodeId(), info.state().wireName(),
                    link.isPublic() ? "public" : "protected");
        } else if (older != link) {
            LOG.warn("node {} opened a new RegisterNode stream: it takes over from the older one", info.nodeId());
            older.close(Status.ABORTED.withDescription("a newer RegisterNode stream took over for node "
                    + info.nodeId()));
        }
    }

    private void refuse(NodeLink link, String why) {
        LOG.warn("NodeInfo refused on the {} server: {}; the stream stays open but is not linked to a node",
                link.isPublic() ? "public" : "protected", why);
        unlink(link, why);
    }

    synchronized void streamEnded(NodeLink link, String why) {
        unlink(link, why);
    }

    private void unlink(NodeLink link, String why) {
        String id = link.nodeId();
        link.linkTo(null);
        if (id == null || !links.remove(id, link)) {
            return;
        }
        LOG.info("node {} disconnected: {}", id, why);
        NodeManager manager = nodeManager;
        if (manager != null) {
            try {
                manager.setConnected(id, false);
            } catch (IamException e) {
                LOG.debug("node {} not marked disconnected: {}", id, e.getMessage());
            }
        }
    }

    /**
     * Forwards a request to a secondary node and waits for its reply.
     *
     * @param nodeId the secondary node
     * @param request the request
     * @return the node's reply, of the type the request expects
     * @throws IamException {@code NOT_FOUND} for a node never registered, {@code UNAVAILABLE} if its
     *         stream stayed down through every attempt, {@code TIMEOUT} without a reply in time
     */
    public IAMOutgoingMessages forward(String nodeId, IAMIncomingMessages request) throws IamException {
        Exchange exchange = Exchange.of(request);
        if (!links.containsKey(nodeId) && !known(nodeId)) {
            throw new IamException(ErrorCode.NOT_FOUND, "node '" + nodeId + "' is not registered");
        }
        Duration timeout = policy.timeout(exchange);
        Semaphore line = lines.computeIfAbsent(nodeId + '\n' + exchange, k -> new Semaphore(1, true));
        acquire(line, timeout, nodeId, exchange);
        try {
            IAMOutgoingMessages reply = attempt(nodeId, request, exchange, timeout);
            afterReply(nodeId, exchange, reply);
            return reply;
        } finally {
            line.release();
        }
    }

    private IAMOutgoingMessages attempt(String nodeId, IAMIncomingMessages request, Exchange exchange,
            Duration timeout) throws IamException {
        String lastFailure = "its stream is down";
        for (int attempt = 1;; attempt++) {
            NodeLink link = links.get(nodeId);
            if (link != null) {
                try {
                    return link.exchange(request, exchange, timeout);
                } catch (NodeLink.Closed e) {
                    lastFailure = e.getMessage();
                }
            }
            if (attempt >= policy.attempts()) {
                throw new IamException(ErrorCode.UNAVAILABLE, "node " + nodeId + " is not connected: "
                        + exchange.wireName() + " failed after " + attempt + " attempts "
                        + policy.retryInterval().toMillis() + " ms apart (" + lastFailure + ")");
            }
            LOG.debug("node {}: {} attempt {} failed ({}), trying again", nodeId, exchange.wireName(), attempt,
                    lastFailure);
            sleep(policy.retryInterval());
        }
    }

    private void afterReply(String nodeId, Exchange exchange, IAMOutgoingMessages reply) {
        NodeManager manager = nodeManager;
        if (manager == null || exchange.stateAfter().isEmpty() || Exchange.failed(reply)) {
            return;
        }
        try {
            manager.setNodeState(nodeId, exchange.stateAfter().get());
        } catch (IamException e) {
            LOG.warn("node {} answered {}, but its new state is not recorded: {}", nodeId, exchange.wireName(),
                    e.getMessage());
        }
    }

    private boolean known(String nodeId) {
        NodeManager manager = nodeManager;
        if (manager == null) {
            return false;
        }
        try {
            manager.node(nodeId);
            return true;
        } catch (IamException e) {
            return false;
        }
    }

    private static void acquire(Semaphore line, Duration timeout, String nodeId, Exchange exchange)
            throws IamException {
        try {
            if (!line.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IamException(ErrorCode.TIMEOUT, "node " + nodeId + ": an earlier " + exchange.wireName()
                        + " still waits for its reply after " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IamException(ErrorCode.CANCELED, "interrupted waiting to forward to node " + nodeId);
        }
    }

    private static void sleep(Duration pause) throws IamException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IamException(ErrorCode.CANCELED, "interrupted while waiting to retry");
        }
    }

    @Deactivate
    void deactivate() {
        List<NodeLink> open = List.copyOf(links.values());
        open.forEach(l -> l.close(Status.UNAVAILABLE.withDescription("the main node's IAM is stopping")));
        LOG.debug("node controller stopped, {} streams closed", open.size());
    }
}
