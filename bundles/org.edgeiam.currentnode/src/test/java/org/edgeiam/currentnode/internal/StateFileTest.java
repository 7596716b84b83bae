package org.edgeiam.currentnode.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.NodeState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and atomically writing the provisioning state file. */
class StateFileTest {
    @TempDir
    Path dir;

    @Test
    void missingFileIsUnprovisioned() {
        StateFile.Reading reading = new StateFile(this.dir.resolve("state")).read();

        assertEquals(NodeState.UNPROVISIONED, reading.state());
        assertNull(reading.error());
    }

    @Test
    void writtenStatesAreReadBackAndUnprovisionedDeletesTheFile() throws Exception {
        StateFile file = new StateFile(this.dir.resolve("state"));
        for (NodeState state : NodeState.values()) {
            file.write(state);

            assertEquals(StateFile.Reading.of(state), file.read());
            assertEquals(state != NodeState.UNPROVISIONED, Files.exists(file.path()));
        }
        file.write(NodeState.UNPROVISIONED);
        assertEquals(List.of(), Files.list(this.dir).toList(), "no file, no temporary files");
    }

    @Test
    void writeReplacesTheWholeContent() throws Exception {
        Path path = Files.writeString(this.dir.resolve("state"), "unprovisioned but longer\n");

        new StateFile(path).write(NodeState.PAUSED);

        assertEquals("paused", Files.readString(path));
    }

    @Test
    void garbageIsErrorNamingFileAndContent() throws Exception {
        Path path = Files.writeString(this.dir.resolve("state"), "  half-provisioned \n");

        StateFile.Reading reading = new StateFile(path).read();

        assertEquals(NodeState.ERROR, reading.state());
        assertEquals(ErrorCode.INVALID_ARGUMENT, reading.error().code());
        assertTrue(reading.error().message().contains(path.toString()));
        assertTrue(reading.error().message().contains("'half-provisioned'"));
    }

    @Test
    void unreadableFileIsRuntimeError() throws Exception {
        Path path = Files.createDirectory(this.dir.resolve("state"));

        StateFile.Reading reading = new StateFile(path).read();

        assertEquals(NodeState.ERROR, reading.state());
        assertEquals(ErrorCode.RUNTIME, reading.error().code());
    }

    @Test
    void writeCreatesAMissingDirectory() throws Exception {
        StateFile file = new StateFile(this.dir.resolve("missing/state"));

        file.write(NodeState.PROVISIONED);

        assertEquals("provisioned", Files.readString(file.path()));
    }

    @Test
    void writeUnderARegularFileFailsWithRuntime() throws Exception {
        Files.writeString(this.dir.resolve("file"), "not a directory");
        StateFile file = new StateFile(this.dir.resolve("file/state"));

        for (NodeState state : List.of(NodeState.PROVISIONED, NodeState.UNPROVISIONED)) {
            IamException e = assertThrows(IamException.class, () -> file.write(state));

            assertEquals(ErrorCode.RUNTIME, e.code());
            assertTrue(e.getMessage().contains(file.path().toString()), e.getMessage());
        }
        assertEquals("not a directory", Files.readString(this.dir.resolve("file")));
    }
}
