package org.edgeiam.nodemanager.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeInfoListener;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.api.nodes.NodeManager;
import org.edgeiam.api.nodes.NodeStatus;
import org.edgeiam.spi.storage.Storage;
import org.edgeiam.util.OrderedListeners;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of the unit's nodes: an in-memory cache of at most {@code max.nodes} nodes,
 * sorted by ID, whose information is persisted through the {@link Storage} (see
 * {@link StoredNodes}) while the connection state stays in memory. Every change is made under one
 * lock (storage first, cache second, so a failed write changes nothing) and queued, in order, for
 * the listeners; reads never wait for the lock. The storage may come and go: when one binds, the
 * stored nodes are loaded, nodes already in memory keep their newer information and the storage
 * is updated from them. When the {@link CurrentNode} is the main node, its own information is
 * kept in the registry as connected and follows its changes.
 */
@Component(immediate = true, configurationPid = NodeManagerConfig.PID)
@Designate(ocd = NodeManagerConfig.class)
public class NodeManagerImpl implements NodeManager {
    /** Most nodes the registry holds unless configured (the AosEdge reference holds 16). */
    static final int DEFAULT_MAX_NODES = 64;

    /** Key pins kept per node: the keys of its latest certificates of every cert type (renewals). */
    static final int MAX_PINS = 32;

    private static final Logger LOG = LoggerFactory.getLogger(NodeManagerImpl.class);
    private static final java.util.regex.Pattern PIN = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    private final Clock clock;
    private final Object lock = new Object();
    private final Map<String, NodeStatus> nodes = new ConcurrentSkipListMap<>();
    private final OrderedListeners<NodeInfoListener, NodeInfo> listeners = new OrderedListeners<>("nodes",
            NodeInfoListener::nodeInfoChanged);
    private volatile Storage storage;
    private volatile int maxNodes;
    private CurrentNode currentNode;
    private Subscription currentNodeSubscription;

    /**
     * The DS constructor: times come from the system clock.
     *
     * @param config the registry's limit
     */
    @Activate
    public NodeManagerImpl(NodeManagerConfig config) {
        this(Clock.systemUTC(), config.max_nodes());
    }

    /**
     * @param clock where {@link NodeStatus#lastSeen()} times come from
     * @param maxNodes most nodes held
     */
    NodeManagerImpl(Clock clock, int maxNodes) {
        this.clock = clock;
        this.maxNodes = maxNodes;
    }

    @Modified
    void modified(NodeManagerConfig config) {
        this.maxNodes = config.max_nodes();
        LOG.info("Node manager reconfigured: at most {} nodes", this.maxNodes);
    }

    @Activate
    void activate() {
        LOG.info("Node manager activated with {} nodes (at most {}), storage {}", this.nodes.size(), this.maxNodes,
                this.storage == null ? "missing" : "present");
    }

    @Deactivate
    void deactivate() {
        synchronized (this.lock) {
            unsubscribeCurrentNode();
        }
        this.listeners.close();
        LOG.info("Node manager deactivated");
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindStorage(Storage bound) {
        synchronized (this.lock) {
            this.storage = bound;
            Map<String, NodeInfo> stored;
            try {
                stored = StoredNodes.readAll(bound);
            } catch (IamException e) {
                LOG.error("Storage bound, but its nodes cannot be loaded: {}", e.getMessage());
                return;
            }
            StoredNodes.reconcile(bound, this.nodes.values().stream().map(NodeStatus::info).toList(), stored);
            int loaded = 0;
            for (NodeInfo info : stored.values()) {
                if (this.nodes.containsKey(info.nodeId())) {
                    continue;
                }
                if (this.nodes.size() >= this.maxNodes) {
                    LOG.error("Stored node {} not loaded: the limit of {} nodes is reached", info.nodeId(), this.maxNodes);
                    continue;
                }
                this.nodes.put(info.nodeId(), new NodeStatus(info, false, Optional.empty()));
                this.listeners.notifyChanged(info);
                loaded++;
            }
            LOG.info("Storage bound: {} of {} stored nodes loaded, {} nodes known", loaded, stored.size(),
                    this.nodes.size());
        }
    }

    void unbindStorage(Storage unbound) {
        synchronized (this.lock) {
            if (this.storage == unbound) {
                this.storage = null;
                LOG.warn("Storage unbound: nodes that need persisting cannot change until it is back");
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCurrentNode(CurrentNode bound) {
        synchronized (this.lock) {
            unsubscribeCurrentNode();
            this.currentNode = bound;
            // subscribe before reading, so no change falls between the two
            this.currentNodeSubscription = bound.subscribe(info -> currentNodeChanged(bound, info));
            currentNodeChanged(bound, bound.nodeInfo());
        }
    }

    void unbindCurrentNode(CurrentNode unbound) {
        synchronized (this.lock) {
            if (this.currentNode == unbound) {
                unsubscribeCurrentNode();
            }
        }
    }

    @Override
    public List<String> nodeIds() {
        return List.copyOf(this.nodes.keySet());
    }

    @Override
    public NodeStatus node(String nodeId) throws IamException {
        return known(nodeId);
    }

    @Override
    public List<NodeStatus> nodes() {
        return List.copyOf(this.nodes.values());
    }

    @Override
    public void setNodeInfo(NodeInfo info, boolean connected) throws IamException {
        Objects.requireNonNull(info, "info");
        if (info.nodeId().isBlank()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "node ID must not be empty");
        }
        synchronized (this.lock) {
            apply(info, connected, Optional.of(this.clock.instant()), false);
        }
    }

    @Override
    public void setNodeState(String nodeId, NodeState state) throws IamException {
        Objects.requireNonNull(state, "state");
        synchronized (this.lock) {
            NodeStatus old = known(nodeId);
            apply(old.info().toBuilder().state(state).build(), old.connected(), old.lastSeen(), false);
        }
    }

    @Override
    public void setConnected(String nodeId, boolean connected) throws IamException {
        synchronized (this.lock) {
            NodeStatus old = known(nodeId);
            if (old.connected() != connected) {
                this.nodes.put(nodeId, new NodeStatus(old.info(), connected, old.lastSeen()));
                LOG.info("Node {} {}", nodeId, connected ? "connected" : "disconnected");
                this.listeners.notifyChanged(old.info());
            }
        }
    }

    @Override
    public Subscription subscribe(NodeInfoListener listener) {
        return this.listeners.add(listener);
    }

    @Override
    public void remove(String nodeId) throws IamException {
        synchronized (this.lock) {
            NodeStatus old = known(nodeId);
            if (old.info().isMainNode()) {
                throw new IamException(ErrorCode.WRONG_STATE, "node " + nodeId + " is the main node: not removed");
            }
            Storage st = this.storage;
            if (StoredNodes.isPersisted(old.info()) || st != null) {
                StoredNodes.forget(st, nodeId);
            }
            this.nodes.remove(nodeId);
            LOG.info("Node {} removed", nodeId);
            this.listeners.notifyChanged(old.info());
        }
    }

    @Override
    public boolean evictUnprovisioned(String nodeId) {
        synchronized (this.lock) {
            NodeStatus old = nodeId == null ? null : this.nodes.get(nodeId);
            if (old == null || old.info().state() != NodeState.UNPROVISIONED || old.info().isMainNode()) {
                return false;
            }
            this.nodes.remove(nodeId); // unprovisioned: no row to remove; its key pins stay
            LOG.info("Node {} forgotten: unprovisioned and gone", nodeId);
            this.listeners.notifyChanged(old.info());
            return true;
        }
    }

    @Override
    public List<String> keyPins(String nodeId) throws IamException {
        return storageForPins().getNodeKeyPins(nodeId);
    }

    @Override
    public void pinKey(String nodeId, String spkiSha256) throws IamException {
        if (spkiSha256 == null || !PIN.matcher(spkiSha256).matches()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "a key pin is 64 lower-case hex digits");
        }
        storageForPins().addNodeKeyPin(nodeId, spkiSha256, MAX_PINS);
        LOG.info("Node {}: client key {} pinned", nodeId, spkiSha256.substring(0, 16));
    }

    @Override
    public void clearKeyPins(String nodeId) throws IamException {
        storageForPins().removeNodeKeyPins(nodeId);
        LOG.info("Node {}: key pins removed", nodeId);
    }

    private Storage storageForPins() throws IamException {
        Storage st = this.storage;
        if (st == null) {
            throw new IamException(ErrorCode.UNAVAILABLE, "storage is not available: node key pins cannot be read");
        }
        return st;
    }

    /**
     * Persists if the information changed, then updates the cache and tells the listeners. With
     * {@code storeLater} a failed write is logged and the node kept in memory, to be stored when a
     * storage binds; otherwise the failure is thrown and nothing changes.
     */
    private void apply(NodeInfo info, boolean connected, Optional<Instant> lastSeen, boolean storeLater)
            throws IamException {
        NodeStatus old = this.nodes.get(info.nodeId());
        if (old == null && this.nodes.size() >= this.maxNodes) {
            throw new IamException(ErrorCode.NO_MEMORY,
                    "cannot add node " + info.nodeId() + ": the limit of " + this.maxNodes + " nodes is reached");
        }
        boolean infoChanged = old == null || !old.info().equals(info);
        if (infoChanged) {
            try {
                StoredNodes.write(this.storage, info);
            } catch (IamException e) {
                if (!storeLater) {
                    throw e;
                }
                LOG.warn("Node {} not stored yet (next change or storage binding): {}", info.nodeId(), e.getMessage());
            }
        }
        this.nodes.put(info.nodeId(), new NodeStatus(info, connected, lastSeen));
        if (infoChanged || old.connected() != connected) {
            LOG.info("Node {} {}: state {}, {}", info.nodeId(), old == null ? "added" : "changed",
                    info.state().wireName(), connected ? "connected" : "disconnected");
            this.listeners.notifyChanged(info);
        }
    }

    private NodeStatus known(String nodeId) throws IamException {
        NodeStatus status = nodeId == null ? null : this.nodes.get(nodeId);
        if (status == null) {
            throw new IamException(ErrorCode.NOT_FOUND, "node " + nodeId + " not found");
        }
        return status;
    }

    /** Keeps the main node's own entry current, connected and stored (later, if need be). */
    private void currentNodeChanged(CurrentNode source, NodeInfo info) {
        synchronized (this.lock) {
            if (this.currentNode != source) {
                return;
            }
            if (!info.isMainNode()) {
                LOG.debug("Current node {} is not the main node: not registered", info.nodeId());
                return;
            }
            try {
                apply(info, true, Optional.of(this.clock.instant()), true);
            } catch (IamException e) {
                LOG.error("Main node {} not registered: {}", info.nodeId(), e.getMessage());
            }
        }
    }

    private void unsubscribeCurrentNode() {
        if (this.currentNodeSubscription != null) {
            this.currentNodeSubscription.close();
            this.currentNodeSubscription = null;
        }
        this.currentNode = null;
    }
}
