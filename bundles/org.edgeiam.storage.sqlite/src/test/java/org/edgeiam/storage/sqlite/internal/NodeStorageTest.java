package org.edgeiam.storage.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.ErrorInfo;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.CpuInfo;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.api.node.OsInfo;
import org.edgeiam.api.node.PartitionInfo;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The {@code nodeinfo} table through the {@code Storage} API. */
class NodeStorageTest extends StorageTestBase {

    static NodeInfo fullNode(String id) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("MainNode", "");
        attrs.put("AosComponents", "cm,iam,sm");
        return NodeInfo.builder(id).nodeType("main").title("Main node").maxDmips(10_000).totalRam(8L << 30)
                .physicalRam(16L << 30).osInfo(new OsInfo("linux", "6.1", List.of("xen", "selinux")))
                .cpus(List.of(new CpuInfo("Cortex-A72", 4, 8, "aarch64", "v8", 2_500),
                        new CpuInfo("Cortex-A53", 2, 2, "aarch64", "", 0)))
                .partitions(List.of(new PartitionInfo("storages", List.of("storages", "generic"), "/var/aos", 1L << 34),
                        new PartitionInfo("tmp", List.of(), "/tmp", 0)))
                .attrs(attrs).state(NodeState.PROVISIONED).build();
    }

    @Test
    void givenFullNode_whenStoredAndRead_thenEqualIncludingCpusPartitionsAndAttrs() throws Exception {
        givenOpenStorage();
        NodeInfo node = fullNode("node0");

        this.storage.setNodeInfo(node);

        NodeInfo read = this.storage.getNodeInfo("node0").orElseThrow();
        assertEquals(node, read);
        assertEquals(List.of("MainNode", "AosComponents"), List.copyOf(read.attrs().keySet()));
        assertTrue(read.isMainNode());
    }

    @Test
    void givenNodeInErrorState_whenStoredAndRead_thenErrorIsKept() throws Exception {
        givenOpenStorage();
        NodeInfo node = fullNode("node1").toBuilder()
                .error(new ErrorInfo(ErrorCode.INVALID_ARGUMENT, 22, "bad state file")).build();

        this.storage.setNodeInfo(node);

        NodeInfo read = this.storage.getNodeInfo("node1").orElseThrow();
        assertEquals(NodeState.ERROR, read.state());
        assertEquals(Optional.of(new ErrorInfo(ErrorCode.INVALID_ARGUMENT, 22, "bad state file")), read.error());
        assertEquals(node, read);
    }

    @Test
    void givenStoredNode_whenFileRead_thenJsonHasTheReferenceShape() throws Exception {
        givenOpenStorage();

        this.storage.setNodeInfo(fullNode("node0"));

        JsonObject o = JsonParser.parseString(query(dbFile(), "SELECT info FROM nodeinfo WHERE id = 'node0'").get(0))
                .getAsJsonObject();
        assertEquals("node0", o.getAsJsonObject("identity").get("codename").getAsString());
        assertEquals("Main node", o.getAsJsonObject("identity").get("title").getAsString());
        assertEquals("main", o.getAsJsonObject("nodeGroupSubject").get("codename").getAsString());
        assertEquals("provisioned", o.get("state").getAsString());
        assertFalse(o.get("isConnected").getAsBoolean());
        JsonObject cpu = o.getAsJsonArray("cpus").get(0).getAsJsonObject();
        assertEquals(8, cpu.get("totalNumThreads").getAsLong());
        assertEquals("v8", cpu.getAsJsonObject("archInfo").get("variant").getAsString());
        assertEquals(2_500, cpu.get("maxDMIPS").getAsLong());
        assertEquals(1L << 34, o.getAsJsonArray("partitions").get(0).getAsJsonObject().get("totalSize").getAsLong());
        assertFalse(o.has("errorInfo"));
    }

    @Test
    void givenStoredNodes_whenOneStoredAgain_thenReplacedAndIdOrderKept() throws Exception {
        givenOpenStorage();
        this.storage.setNodeInfo(fullNode("a"));
        this.storage.setNodeInfo(fullNode("b"));
        NodeInfo paused = fullNode("a").toBuilder().state(NodeState.PAUSED).title("renamed").build();

        this.storage.setNodeInfo(paused);

        assertEquals(Optional.of(paused), this.storage.getNodeInfo("a"));
        assertEquals(List.of("a", "b"), this.storage.getAllNodeIds());
    }

    @Test
    void givenThreeNodes_whenGetAllNodeIds_thenAllInStoreOrder() throws Exception {
        givenOpenStorage();
        for (String id : List.of("secondary-2", "main", "secondary-1")) {
            this.storage.setNodeInfo(NodeInfo.builder(id).build());
        }

        assertEquals(List.of("secondary-2", "main", "secondary-1"), this.storage.getAllNodeIds());
    }

    @Test
    void givenNoNodes_whenRead_thenEmpty() throws Exception {
        givenOpenStorage();

        assertEquals(List.of(), this.storage.getAllNodeIds());
        assertEquals(Optional.empty(), this.storage.getNodeInfo("node0"));
    }

    @Test
    void givenStoredNode_whenRemoved_thenGoneAndSecondRemoveIsNotFound() throws Exception {
        givenOpenStorage();
        this.storage.setNodeInfo(fullNode("a"));
        this.storage.setNodeInfo(fullNode("b"));

        this.storage.removeNodeInfo("a");

        assertEquals(Optional.empty(), this.storage.getNodeInfo("a"));
        assertEquals(List.of("b"), this.storage.getAllNodeIds());
        thenFails(ErrorCode.NOT_FOUND, () -> this.storage.removeNodeInfo("a"));
    }

    @Test
    void givenRowWithBrokenJson_whenRead_thenRuntimeErrorNamingTheNode() throws Exception {
        givenOpenStorage();
        sql(dbFile(), "INSERT INTO nodeinfo (id, info) VALUES ('broken', '{\"identity\": [')");

        IamException e = thenFails(ErrorCode.RUNTIME, () -> this.storage.getNodeInfo("broken"));

        assertTrue(e.getMessage().contains("broken"), e.getMessage());
        assertEquals(List.of("broken"), this.storage.getAllNodeIds());
    }
}
