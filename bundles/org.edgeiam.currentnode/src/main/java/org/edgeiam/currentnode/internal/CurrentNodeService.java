package org.edgeiam.currentnode.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.node.CpuInfo;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeInfoListener;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.api.node.OsInfo;
import org.edgeiam.util.OrderedListeners;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node as a service. At activation it reads the node ID, total RAM and CPUs from the
 * configured files and takes the rest of the static facts from the configuration; a missing node
 * ID or total RAM, or a bad configuration value, fails activation with a message naming the file
 * or property. The provisioning state lives in memory and in the {@link StateFile};
 * {@link #nodeInfo()} is live (current state, partition sizes at most one second old) and every
 * state change is delivered, in order, to the subscribers on the component's own thread.
 */
@Component(configurationPid = "org.edgeiam.currentnode",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = Config.class)
public class CurrentNodeService implements CurrentNode {
    private static final Logger LOG = LoggerFactory.getLogger(CurrentNodeService.class);

    private final NodeInfo staticInfo;
    private final PartitionSizes partitions;
    private final StateFile stateFile;
    private final OrderedListeners<NodeInfoListener, NodeInfo> listeners = new OrderedListeners<>("currentnode",
            NodeInfoListener::nodeInfoChanged);
    private final Object stateLock = new Object();
    private volatile StateFile.Reading state;

    /**
     * @param config the configuration
     * @throws IamException {@code NOT_FOUND}, {@code INVALID_ARGUMENT} or {@code RUNTIME}
     *         naming the file or property that prevents activation
     */
    @Activate
    public CurrentNodeService(Config config) throws IamException {
        LOG.info("Activating current node...");
        LOG.debug("Current node configuration: node.id.path={}, cpuinfo.path={}, meminfo.path={}, "
                + "provisioning.state.path={}, node.name={}, node.type={}, max.dmips={}, attrs={}, "
                + "partitions={}, architecture={}, architecture.variant={}, os={}, os.version={}",
                config.node_id_path(), config.cpuinfo_path(), config.meminfo_path(),
                config.provisioning_state_path(), config.node_name(), config.node_type(),
                config.max_dmips(), Arrays.toString(config.attrs()),
                Arrays.toString(config.partitions()), config.architecture(),
                config.architecture_variant(), config.os(), config.os_version());
        try {
            this.stateFile = new StateFile(path(config.provisioning_state_path(),
                    "provisioning.state.path"));
            this.partitions = new PartitionSizes(ConfigArrays.partitions(config.partitions()),
                    System::nanoTime);
            this.staticInfo = staticInfo(config);
        } catch (IamException e) {
            LOG.error("Activating current node failed: {}", e.getMessage());
            throw e;
        }
        this.state = this.stateFile.read();
        if (this.state.error() != null) {
            LOG.error("Current node is in state error: {}", this.state.error().message());
        }
        this.partitions.current();
        LOG.info("Activating current node done: node ID {}, state {}", this.staticInfo.nodeId(),
                this.state.state().wireName());
    }

    @Deactivate
    void deactivate() {
        this.listeners.close();
        LOG.info("Current node {} deactivated", this.staticInfo.nodeId());
    }

    @Override
    public NodeInfo nodeInfo() {
        return this.state.applyTo(this.staticInfo.toBuilder())
                .partitions(this.partitions.current()).build();
    }

    @Override
    public void setState(NodeState newState) throws IamException {
        Objects.requireNonNull(newState, "state");
        synchronized (this.stateLock) {
            StateFile.Reading old = this.state;
            if (old.state() == newState && old.error() == null) {
                LOG.debug("Current node is already in state {}", newState.wireName());
                return;
            }
            this.stateFile.write(newState);
            this.state = StateFile.Reading.of(newState);
            LOG.info("Current node state changed from {} to {}", old.state().wireName(),
                    newState.wireName());
            // queued under the lock so listeners see the changes in the order they happened
            this.listeners.notifyChanged(nodeInfo());
        }
    }

    @Override
    public Subscription subscribe(NodeInfoListener listener) {
        return this.listeners.add(listener);
    }

    private static NodeInfo staticInfo(Config config) throws IamException {
        if (config.max_dmips() < 0) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    "property max.dmips must not be negative: " + config.max_dmips());
        }
        var attrs = ConfigArrays.attrs(config.attrs());
        Path cpuInfoPath = path(config.cpuinfo_path(), "cpuinfo.path");
        Path memInfoPath = path(config.meminfo_path(), "meminfo.path");
        String nodeId = readNodeId(path(config.node_id_path(), "node.id.path"));
        long totalRam = MemInfoReader.totalRam(memInfoPath, "meminfo.path");
        List<CpuInfo> cpus = CpuInfoReader.read(cpuInfoPath, System.getProperty("os.arch"))
                .stream().map(cpu -> new CpuInfo(cpu.modelName(), cpu.numCores(),
                        cpu.numThreads(), or(config.architecture(), cpu.architecture()),
                        or(config.architecture_variant(), cpu.architectureVariant()),
                        cpu.maxDmips()))
                .toList();
        return NodeInfo.builder(nodeId).nodeType(config.node_type()).title(config.node_name())
                .maxDmips(config.max_dmips()).totalRam(totalRam)
                .osInfo(new OsInfo(config.os(), config.os_version(), List.of())).cpus(cpus)
                .attrs(attrs).build();
    }

    private static String readNodeId(Path file) throws IamException {
        String line;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            line = reader.readLine();
        } catch (NoSuchFileException e) {
            throw new IamException(ErrorCode.NOT_FOUND,
                    "node ID file " + file + " (node.id.path) does not exist", e);
        } catch (IOException e) {
            throw new IamException(ErrorCode.RUNTIME,
                    "cannot read node ID file " + file + " (node.id.path): " + e, e);
        }
        if (line == null || line.isBlank()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    "node ID file " + file + " (node.id.path) has an empty first line");
        }
        return line.strip();
    }

    private static Path path(String value, String property) throws IamException {
        if (value == null || value.isBlank()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    "property " + property + " must name a file");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    "property " + property + " is not a valid path: " + value, e);
        }
    }

    /** @return {@code override} unless it is empty, else {@code value} */
    private static String or(String override, String value) {
        return override.isEmpty() ? value : override;
    }
}
