package org.edgeiam.storage.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** Reading and writing the {@code nodeinfo.info} JSON without a database. */
class NodeInfoJsonTest {

    @Test
    void givenJsonWithKeysInOtherCase_whenRead_thenEveryFieldIsParsed() throws Exception {
        String json = """
                {"IDENTITY": {"CodeName": "other-id", "Title": "Secondary"},
                 "nodegroupsubject": {"codename": "secondary"},
                 "MAXDMIPS": 900, "PhysicalRAM": 2048, "totalram": 1024,
                 "osinfo": {"OS": "linux", "Version": "5.15", "Features": ["xen"]},
                 "CPUs": [{"ModelName": "A53", "TotalNumCores": 4, "TOTALNUMTHREADS": 4,
                           "ArchInfo": {"Architecture": "aarch64", "Variant": "v8"}, "MaxDmips": 300}],
                 "Attrs": {"AosComponents": "sm"},
                 "Partitions": [{"Name": "p", "Types": ["generic"], "Path": "/p", "TotalSize": 42}],
                 "STATE": "Paused", "isconnected": true}
                """;

        NodeInfo node = NodeInfoJson.fromJson("node7", json);

        NodeInfo expected = NodeInfo.builder("node7").title("Secondary").nodeType("secondary").maxDmips(900)
                .physicalRam(2048).totalRam(1024).osInfo(new OsInfo("linux", "5.15", List.of("xen")))
                .cpus(List.of(new CpuInfo("A53", 4, 4, "aarch64", "v8", 300)))
                .attrs(Map.of("AosComponents", "sm"))
                .partitions(List.of(new PartitionInfo("p", List.of("generic"), "/p", 42))).state(NodeState.PAUSED)
                .build();
        assertEquals(expected, node);
    }

    @Test
    void givenJsonWithOnlyAState_whenRead_thenEverythingElseHasDefaults() throws Exception {
        NodeInfo node = NodeInfoJson.fromJson("n", "{\"state\": \"provisioned\", \"osInfo\": null}");

        assertEquals(NodeInfo.builder("n").state(NodeState.PROVISIONED).build(), node);
    }

    @Test
    void givenEveryNode_whenWrittenAndRead_thenEqual() throws Exception {
        NodeInfo error = NodeInfo.builder("e").error(new ErrorInfo(ErrorCode.TIMEOUT, 0, "no answer")).build();
        NodeInfo empty = NodeInfo.builder("n").build();

        assertEquals(error, NodeInfoJson.fromJson("e", NodeInfoJson.toJson(error)));
        assertEquals(empty, NodeInfoJson.fromJson("n", NodeInfoJson.toJson(empty)));
    }

    @Test
    void givenUnknownAosCode_whenRead_thenErrorCodeIsFailed() throws Exception {
        NodeInfo node = NodeInfoJson.fromJson("n",
                "{\"state\": \"error\", \"errorInfo\": {\"aosCode\": 77, \"exitCode\": 3, \"message\": \"m\"}}");

        assertEquals(Optional.of(new ErrorInfo(ErrorCode.FAILED, 3, "m")), node.error());
    }

    @Test
    void givenErrorInfoWithoutErrorState_whenRead_thenStateWinsAndNoError() throws Exception {
        NodeInfo node = NodeInfoJson.fromJson("n",
                "{\"state\": \"provisioned\", \"errorInfo\": {\"aosCode\": 2, \"message\": \"old\"}}");

        assertEquals(NodeState.PROVISIONED, node.state());
        assertEquals(Optional.empty(), node.error());
    }

    @Test
    void givenUnknownStateOrWrongTypes_whenRead_thenRuntimeErrorNamingTheNode() {
        for (String json : List.of("{\"state\": \"sleeping\"}", "{\"cpus\": {}}", "[]", "{\"maxDmips\": \"many\"}")) {
            IamException e = StorageTestBase.thenFails(ErrorCode.RUNTIME, () -> NodeInfoJson.fromJson("node9", json));
            assertTrue(e.getMessage().contains("node9"), e.getMessage());
        }
    }
}
