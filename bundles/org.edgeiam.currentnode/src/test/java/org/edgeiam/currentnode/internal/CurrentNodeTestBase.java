package org.edgeiam.currentnode.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.NodeInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared setup of the {@link CurrentNodeService} tests: a fake root with {@code etc/machine-id},
 * {@code proc/cpuinfo} (two physical CPUs, four processors), {@code proc/meminfo} and an empty
 * {@code var/aos} for the state file, a {@link TestConfig} pointing at them, and given/when/then
 * steps. The service created by a test is deactivated after it.
 */
abstract class CurrentNodeTestBase {
    static final String NODE_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    static final String CPU_INFO = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            cpu family\t: 6
            model name\t: Test CPU A @ 2.00GHz
            physical id\t: 0
            siblings\t: 4
            core id\t\t: 0
            cpu cores\t: 2

            processor\t: 1
            cpu family\t: 6
            model name\t: Test CPU A @ 2.00GHz
            physical id\t: 0
            siblings\t: 4
            cpu cores\t: 2

            processor\t: 2
            cpu family\t: 6
            model name\t: Test CPU B @ 3.00GHz
            physical id\t: 1
            siblings\t: 8
            cpu cores\t: 4

            processor\t: 3
            cpu family\t: 6
            model name\t: Test CPU B @ 3.00GHz
            physical id\t: 1
            siblings\t: 8
            cpu cores\t: 4
            """;
    static final String MEM_INFO = "MemTotal:       16384 kB\nMemFree:         8192 kB\n";
    static final long TOTAL_RAM = 16384L * 1024;

    @TempDir
    Path root;
    TestConfig config;
    CurrentNodeService node;
    IamException failure;

    @BeforeEach
    void givenFakeRoot() throws IOException {
        givenFile("etc/machine-id", NODE_ID + "\n");
        givenFile("proc/cpuinfo", CPU_INFO);
        givenFile("proc/meminfo", MEM_INFO);
        Files.createDirectories(file("var/aos"));
        this.config = new TestConfig().nodeIdPath(path("etc/machine-id"))
                .cpuInfoPath(path("proc/cpuinfo")).memInfoPath(path("proc/meminfo"))
                .statePath(path("var/aos/.provisionstate")).nodeName("node-name")
                .nodeType("main").maxDmips(1000).attrs("MainNode=", "AosComponents=cm,iam,sm");
    }

    @AfterEach
    void deactivate() {
        if (this.node != null) {
            this.node.deactivate();
        }
    }

    Path file(String relative) {
        return this.root.resolve(relative);
    }

    String path(String relative) {
        return file(relative).toString();
    }

    void givenFile(String relative, String content) {
        try {
            Files.createDirectories(file(relative).getParent());
            Files.writeString(file(relative), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void givenNoFile(String relative) throws IOException {
        Files.delete(file(relative));
    }

    void whenActivated() {
        deactivate();
        this.node = null;
        this.failure = null;
        try {
            this.node = new CurrentNodeService(this.config);
        } catch (IamException e) {
            this.failure = e;
        }
    }

    /** Activates and asserts that it worked. */
    NodeInfo givenActivated() {
        whenActivated();
        return thenActivated();
    }

    NodeInfo thenActivated() {
        assertNull(this.failure, () -> "activation failed: " + this.failure.getMessage());
        return this.node.nodeInfo();
    }

    void thenActivationFails(ErrorCode code, String... mentioned) {
        assertNotNull(this.failure, "activation should fail");
        assertEquals(code, this.failure.code(), this.failure.getMessage());
        for (String text : mentioned) {
            assertTrue(this.failure.getMessage().contains(text),
                    () -> "message should name '" + text + "': " + this.failure.getMessage());
        }
    }

    String stateFileContent() throws IOException {
        return Files.readString(file("var/aos/.provisionstate"));
    }

    boolean stateFileExists() {
        return Files.exists(file("var/aos/.provisionstate"));
    }

    void thenNoTempFilesLeft() throws IOException {
        try (var files = Files.list(file("var/aos"))) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")),
                    "temporary state files left behind");
        }
    }
}
