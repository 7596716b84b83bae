package org.edgeiam.currentnode.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.ErrorInfo;
import org.edgeiam.api.node.CpuInfo;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.api.node.OsInfo;
import org.edgeiam.api.node.PartitionInfo;
import org.junit.jupiter.api.Test;
import org.edgeiam.testutil.LogCapture;

/** Activation of {@link CurrentNodeService} and the node info it reports (reference §5.1). */
class CurrentNodeInitTest extends CurrentNodeTestBase {

    @Test
    void initFailsWithEmptyNodeConfig() {
        this.config.nodeIdPath("").cpuInfoPath("").memInfoPath("").statePath("");
        whenActivated();
        thenActivationFails(ErrorCode.INVALID_ARGUMENT, "must name a file");
    }

    @Test
    void initFailsIfNodeIdFileNotFound() throws Exception {
        givenNoFile("etc/machine-id");
        whenActivated();
        thenActivationFails(ErrorCode.NOT_FOUND, path("etc/machine-id"), "node.id.path");
    }

    @Test
    void initFailsIfNodeIdFileIsEmpty() {
        givenFile("etc/machine-id", "\n");
        whenActivated();
        thenActivationFails(ErrorCode.INVALID_ARGUMENT, path("etc/machine-id"), "node.id.path");
    }

    @Test
    void initFailsIfMemInfoFileNotFound() throws Exception {
        givenNoFile("proc/meminfo");
        whenActivated();
        thenActivationFails(ErrorCode.NOT_FOUND, path("proc/meminfo"), "meminfo.path");
    }

    @Test
    void initFailsIfMemInfoFileIsEmpty() {
        givenFile("proc/meminfo", "");
        whenActivated();
        thenActivationFails(ErrorCode.INVALID_ARGUMENT, path("proc/meminfo"), "MemTotal");
    }

    @Test
    void initReturnsDefaultInfoCPUInfoFileNotFound() throws Exception {
        givenNoFile("proc/cpuinfo");
        try (LogCapture log = new LogCapture(CpuInfoReader.class)) {
            NodeInfo info = givenActivated();
            thenOneDefaultCpu(info);
            assertTrue(log.warned(path("proc/cpuinfo")), "a warning should name the file");
        }
    }

    @Test
    void initReturnsDefaultInfoCPUInfoCorrupted() {
        givenFile("proc/cpuinfo", "physical id\t\t: number_is_expected_here\n");
        try (LogCapture log = new LogCapture(CpuInfoReader.class)) {
            NodeInfo info = givenActivated();
            thenOneDefaultCpu(info);
            assertTrue(log.warned(path("proc/cpuinfo")), "a warning should name the file");
        }
    }

    @Test
    void initFailsIfConfigAttributesExceedMaxAllowed() {
        List<String> attrs = new ArrayList<>(List.of(this.config.attrs()));
        for (int i = 0; attrs.size() <= ConfigArrays.MAX_ATTRS; i++) {
            attrs.add(i + "-name=" + i + "-value");
        }
        this.config.attrs(attrs.toArray(String[]::new));
        whenActivated();
        thenActivationFails(ErrorCode.INVALID_ARGUMENT, "attrs", attrs.get(ConfigArrays.MAX_ATTRS));
    }

    @Test
    void initFailsOnMalformedAttribute() {
        this.config.attrs("MainNode=", "no-equals-sign");
        whenActivated();
        thenActivationFails(ErrorCode.INVALID_ARGUMENT, "attrs", "no-equals-sign");
    }

    @Test
    void initFailsOnMalformedPartition() {
        this.config.partitions("only-a-name");
        whenActivated();
        thenActivationFails(ErrorCode.INVALID_ARGUMENT, "partitions", "only-a-name");
    }

    @Test
    void initSucceedsOnNonStandardProcFile() {
        givenFile("proc/cpuinfo", "");
        thenOneDefaultCpu(givenActivated());
    }

    @Test
    void getCurrentNodeInfoSucceeds() {
        this.config.partitions("Name1;" + this.root + ";Type1",
                "gone;" + path("no/such/dir") + ";");

        NodeInfo info = givenActivated();

        assertEquals(NODE_ID, info.nodeId());
        assertEquals("main", info.nodeType());
        assertEquals("node-name", info.title());
        assertEquals(1000, info.maxDmips());
        assertEquals(TOTAL_RAM, info.totalRam());
        assertEquals(0, info.physicalRam());
        assertEquals(new OsInfo("linux", "", List.of()), info.osInfo());
        assertEquals(Map.of("MainNode", "", "AosComponents", "cm,iam,sm"), info.attrs());
        assertTrue(info.isMainNode());
        assertEquals(List.of(new CpuInfo("Test CPU A @ 2.00GHz", 2, 4, "6", "", 0),
                new CpuInfo("Test CPU B @ 3.00GHz", 4, 8, "6", "", 0)), info.cpus());
        assertEquals(2, info.partitions().size());
        PartitionInfo partition = info.partitions().get(0);
        assertEquals("Name1", partition.name());
        assertEquals(this.root.toString(), partition.path());
        assertEquals(List.of("Type1"), partition.types());
        assertTrue(partition.totalSize() > 0, "size of a real mount: " + partition.totalSize());
        assertEquals(new PartitionInfo("gone", List.of(), path("no/such/dir"), 0),
                info.partitions().get(1));
        assertEquals(NodeState.UNPROVISIONED, info.state());
        assertTrue(info.error().isEmpty());
    }

    @Test
    void getCurrentNodeInfoReadsProvisioningStateFromFile() {
        assertEquals(NodeState.UNPROVISIONED, givenActivated().state());

        givenFile("var/aos/.provisionstate", "provisioned\n");
        assertEquals(NodeState.PROVISIONED, givenActivated().state());

        givenFile("var/aos/.provisionstate", " paused ");
        assertEquals(NodeState.PAUSED, givenActivated().state());
    }

    @Test
    void stateFileWithGarbageGivesErrorState() {
        givenFile("var/aos/.provisionstate", "garbage\n");

        NodeInfo info = givenActivated();

        assertEquals(NodeState.ERROR, info.state());
        ErrorInfo error = info.error().orElseThrow();
        assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
        assertTrue(error.message().contains(path("var/aos/.provisionstate")), error.message());
        assertTrue(error.message().contains("garbage"), error.message());
    }

    @Test
    void nodeConfigOSAndArchInfoApplied() {
        this.config.os("testOS").osVersion("1.2.3").architecture("CustomArch")
                .architectureVariant("CustomVariant");

        NodeInfo info = givenActivated();

        assertEquals(new OsInfo("testOS", "1.2.3", List.of()), info.osInfo());
        assertEquals(2, info.cpus().size());
        for (CpuInfo cpu : info.cpus()) {
            assertEquals("CustomArch", cpu.architecture());
            assertEquals("CustomVariant", cpu.architectureVariant());
        }
        assertEquals("Test CPU B @ 3.00GHz", info.cpus().get(1).modelName());
    }

    private static void thenOneDefaultCpu(NodeInfo info) {
        assertEquals(List.of(new CpuInfo("", 1, 1, System.getProperty("os.arch"), "", 0)),
                info.cpus());
    }
}
