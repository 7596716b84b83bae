package org.edgeiam.iamserver.internal.nodes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * the node ID of the NodeInfo it sends if the NodeInfo is within {@link NodeInfoLimits} and
 * {@link RegisterRules} accept it (public: unprovisioned and not held by a live stream; protected:
 * provisioned, with a client key bound to that node); on the protected server a newer stream for
 * the same node takes over and the older one is closed. A stream without an accepted NodeInfo is
 * closed after the grace (refused) or the time-out (silent) of the {@link RegisterPolicy}; an
 * unprovisioned node whose stream ends is forgotten. Requests for a secondary node are forwarded over its stream and the
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
    /** Forwarded requests in progress (each holds a worker thread while it waits): bounded. */
    private final Semaphore forwards;
    private final ForwardPolicy policy;
    private final RegisterPolicy registration;
    private final java.util.concurrent.ScheduledThreadPoolExecutor timer = timer();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeManager nodeManager;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CurrentNode currentNode;

    /** @param config the servers' configuration, which holds the forwarding settings */
    @Activate
    public NodeController(ServerConfig config) {
        this(ForwardPolicy.of(config), RegisterPolicy.of(config));
    }

    NodeController(ForwardPolicy policy, RegisterPolicy registration) {
        this.policy = policy;
        this.registration = registration;
        this.forwards = new Semaphore(policy.concurrent());
    }

    void bind(NodeManager manager, CurrentNode node) {
        this.nodeManager = manager;
        this.currentNode = node;
    }

    /**
     * @param out the stream to the secondary node
     * @param publicServer whether the stream arrived on the public server
     * @param clientKey the pin of the client certificate's key (protected server with TLS), if any
     * @param remoteHost the client's address (for the per-address bound of public links)
     * @return the observer of the node's messages
     */
    public StreamObserver<IAMOutgoingMessages> register(StreamObserver<IAMIncomingMessages> out,
            boolean publicServer, Optional<String> clientKey, String remoteHost) {
        NodeLink link = new NodeLink(out, publicServer, clientKey, remoteHost, this);
        closeUnlinkedAfter(link, registration.timeout(), "no NodeInfo accepted within "
                + registration.timeout().toMillis() + " ms");
        return link;
    }

    /** One timer thread; a cancelled close leaves its queue at once, with the link it held. */
    private static java.util.concurrent.ScheduledThreadPoolExecutor timer() {
        var timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "edgeiam-register-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private void closeUnlinkedAfter(NodeLink link, Duration delay, String why) {
        try {
            link.closeLater(timer.schedule(() -> {
                synchronized (this) { // not between a NodeInfo's acceptance and its link
                    if (link.nodeId() == null) {
                        link.close(Status.PERMISSION_DENIED.withDescription("RegisterNode refused: " + why));
                    }
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            link.close(Status.UNAVAILABLE.withDescription("the main node's IAM is stopping"));
        }
    }

    /** @return the IDs of the nodes with a linked stream */
    public List<String> linkedNodes() {
        return links.keySet().stream().sorted().toList();
    }

    synchronized void nodeInfoReceived(NodeLink link, org.edgeiam.grpc.iamanager.v6.NodeInfo wire) {
        NodeInfo info;
        try {
            NodeInfoLimits.check(wire);
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
        NodeManager manager = nodeManager;
        RegisterRules.Decision decision;
        try {
            decision = decide(link, info, manager);
        } catch (IamException e) {
            refuse(link, "node " + info.nodeId() + " cannot be checked: " + e.getMessage());
            return;
        }
        if (decision.refusal().isPresent()) {
            refuse(link, decision.refusal().get());
            return;
        }
        if (manager != null) {
            try {
                if (decision.pin()) {
                    manager.pinKey(info.nodeId(), link.clientKey().get());
                }
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

    /** How long the ID of an unprovisioned node that went away is kept for its own address. */
    static final long RESERVED_MS = 30_000;
    /** Most reservations kept (the oldest go first): bounded whatever the churn. */
    static final int MAX_RESERVATIONS = 256;

    private record Reservation(String host, long until) {
    }

    /** IDs of unprovisioned nodes whose public stream ended recently, by node ID, oldest first. */
    private final Map<String, Reservation> reserved = new java.util.LinkedHashMap<>();

    private void reserve(String id, String host) {
        reserved.remove(id);
        reserved.put(id, new Reservation(host, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RESERVED_MS)));
        while (reserved.size() > MAX_RESERVATIONS) {
            reserved.remove(reserved.keySet().iterator().next());
        }
    }

    /** @return why a public stream from {@code host} may not claim {@code id} now, if it may not */
    private Optional<String> reservedFor(String id, String host) {
        Reservation r = reserved.get(id);
        if (r == null) {
            return Optional.empty();
        }
        if (System.nanoTime() - r.until() > 0) {
            reserved.remove(id);
            return Optional.empty();
        }
        return r.host().equals(host) ? Optional.empty() : Optional.of("node " + id + " went away moments ago: for "
                + RESERVED_MS / 1000 + " s only its own address may register it again");
    }

    /** Most public links from one client address (each secondary node has its own). */
    static final int PUBLIC_PER_ADDRESS = 4;

    private RegisterRules.Decision decide(NodeLink link, NodeInfo info, NodeManager manager) throws IamException {
        if (manager == null) {
            // without the registry nothing can be checked: refuse rather than guess (the node retries)
            return RegisterRules.Decision.refuse("the node manager is not available");
        }
        if (!link.admitNodeInfo()) {
            return RegisterRules.Decision.refuse("more than " + NodeLink.NODE_INFOS_PER_WINDOW + " NodeInfos in "
                    + NodeLink.NODE_INFO_WINDOW_MS / 1000 + " s on one stream");
        }
        NodeLink current = links.get(info.nodeId());
        RegisterRules.Decision decision = RegisterRules.decide(link.isPublic(), info, stored(manager, info.nodeId()),
                current != null && current != link, link.clientKey(),
                link.isPublic() || link.clientKey().isEmpty() ? List.of() : manager.keyPins(info.nodeId()));
        if (decision.refusal().isEmpty() && link.isPublic() && current != link) {
            Optional<String> taken = reservedFor(info.nodeId(), link.remoteHost());
            if (taken.isPresent()) {
                return RegisterRules.Decision.refuse(taken.get());
            }
        }
        if (decision.refusal().isEmpty() && link.isPublic() && current != link && link.nodeId() == null) {
            if (publicLinks(null) >= registration.publicMax()) {
                return RegisterRules.Decision.refuse("the public server already links " + registration.publicMax()
                        + " nodes");
            }
            if (publicLinks(link.remoteHost()) >= PUBLIC_PER_ADDRESS) {
                return RegisterRules.Decision.refuse("the public server already links " + PUBLIC_PER_ADDRESS
                        + " nodes from that address");
            }
        }
        return decision;
    }

    private long publicLinks(String host) {
        return links.values().stream().filter(l -> l.isPublic() && (host == null || host.equals(l.remoteHost())))
                .count();
    }

    private static Optional<NodeInfo> stored(NodeManager manager, String nodeId) {
        if (manager == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(manager.node(nodeId).info());
        } catch (IamException e) {
            return Optional.empty();
        }
    }

    private void refuse(NodeLink link, String why) {
        LOG.warn("NodeInfo refused on the {} server: {}; the stream is closed in {} ms unless a NodeInfo is accepted",
                link.isPublic() ? "public" : "protected", why, registration.grace().toMillis());
        unlink(link, why);
        closeUnlinkedAfter(link, registration.grace(), why);
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
        if (manager == null) {
            return;
        }
        try {
            // an unprovisioned node holds a slot only while its stream lives
            if (manager.evictUnprovisioned(id)) {
                lines.keySet().removeIf(k -> k.startsWith(id + '\n'));
                if (link.isPublic()) {
                    reserve(id, link.remoteHost());
                }
            } else {
                manager.setConnected(id, false);
            }
        } catch (IamException e) {
            LOG.debug("node {} not marked disconnected: {}", id, e.getMessage());
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
        if (!forwards.tryAcquire()) {
            throw new IamException(ErrorCode.NO_MEMORY, "too many requests are being forwarded to secondary nodes"
                    + " (at most " + policy.concurrent() + " at once): try again later");
        }
        try {
            return forwardInSlot(nodeId, request, exchange);
        } finally {
            forwards.release();
        }
    }

    private IAMOutgoingMessages forwardInSlot(String nodeId, IAMIncomingMessages request, Exchange exchange)
            throws IamException {
        CallerWait caller = CallerWait.current();
        Duration timeout = policy.timeout(exchange);
        if (exchange == Exchange.APPLY_CERT) {
            pinApplied(nodeId, request);
        }
        Semaphore line = lines.computeIfAbsent(nodeId + '\n' + exchange, k -> new Semaphore(1, true));
        if (!caller.await(timeout, ms -> line.tryAcquire(ms, TimeUnit.MILLISECONDS),
                "waiting for an earlier " + exchange.wireName() + " to node " + nodeId)) {
            throw new IamException(ErrorCode.TIMEOUT, "node " + nodeId + ": an earlier " + exchange.wireName()
                    + " still waits for its reply after " + caller.cap(timeout).toMillis() + " ms");
        }
        try {
            IAMOutgoingMessages reply = attempt(nodeId, request, exchange, timeout, caller);
            afterReply(nodeId, exchange, request, reply);
            return reply;
        } finally {
            line.release();
        }
    }

    private IAMOutgoingMessages attempt(String nodeId, IAMIncomingMessages request, Exchange exchange,
            Duration timeout, CallerWait caller) throws IamException {
        String lastFailure = "its stream is down";
        for (int attempt = 1;; attempt++) {
            NodeLink link = links.get(nodeId);
            if (link != null) {
                try {
                    return link.exchange(request, exchange, timeout, caller);
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
            caller.await(policy.retryInterval(), ms -> {
                Thread.sleep(ms);
                return false;
            }, "waiting to retry " + exchange.wireName() + " to node " + nodeId);
        }
    }

    private void afterReply(String nodeId, Exchange exchange, IAMIncomingMessages request,
            IAMOutgoingMessages reply) {
        NodeManager manager = nodeManager;
        if (manager == null || Exchange.failed(reply)) {
            return;
        }
        try {
            if (exchange == Exchange.DEPROVISION) {
                manager.clearKeyPins(nodeId); // its keys are gone: no old certificate speaks for it
            }
            if (exchange.stateAfter().isPresent()) {
                manager.setNodeState(nodeId, exchange.stateAfter().get());
            }
        } catch (IamException e) {
            LOG.warn("node {} answered {}, but what it changes is not recorded: {}", nodeId, exchange.wireName(),
                    e.getMessage());
        }
    }

    /**
     * The node's new certificate, pinned before it is sent: whatever becomes of the reply (late,
     * lost, the caller gone), the node may register on the protected server with its key.
     */
    private void pinApplied(String nodeId, IAMIncomingMessages request) {
        NodeManager manager = nodeManager;
        Optional<String> pin = KeyPins.ofLeaf(request.getApplyCertRequest().getCert());
        if (manager == null || pin.isEmpty()) {
            return;
        }
        try {
            manager.pinKey(nodeId, pin.get());
        } catch (IamException e) {
            LOG.warn("node {}: the key of the certificate sent to it is not pinned: {}", nodeId, e.getMessage());
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

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        List<NodeLink> open = List.copyOf(links.values());
        open.forEach(l -> l.close(Status.UNAVAILABLE.withDescription("the main node's IAM is stopping")));
        LOG.debug("node controller stopped, {} streams closed", open.size());
    }
}
