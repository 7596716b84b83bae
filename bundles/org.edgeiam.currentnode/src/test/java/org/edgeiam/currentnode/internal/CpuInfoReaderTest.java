package org.edgeiam.currentnode.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.edgeiam.api.node.CpuInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.edgeiam.testutil.LogCapture;

/** Parsing of cpuinfo files. */
class CpuInfoReaderTest {
    private static final String ARCH = "test-arch";

    @TempDir
    Path dir;

    @Test
    void onlyTheFirstBlockOfEachPhysicalIdCounts() {
        List<CpuInfo> cpus = CpuInfoReader.parse(
                CurrentNodeTestBase.CPU_INFO.lines().toList(), ARCH);

        assertEquals(List.of(new CpuInfo("Test CPU A @ 2.00GHz", 2, 4, "6", "", 0),
                new CpuInfo("Test CPU B @ 3.00GHz", 4, 8, "6", "", 0)), cpus);
    }

    @Test
    void processorKeyStartsANewBlockWithoutBlankLine() {
        List<CpuInfo> cpus = CpuInfoReader.parse(List.of("processor : 0", "physical id : 0",
                "model name : A", "processor : 1", "physical id : 1", "model name : B"), ARCH);

        assertEquals(List.of("A", "B"), cpus.stream().map(CpuInfo::modelName).toList());
    }

    @Test
    void armStyleFileWithoutPhysicalIdGivesOneCpuWithDefaults() {
        List<CpuInfo> cpus = CpuInfoReader.parse(List.of("processor\t: 0",
                "BogoMIPS\t: 48.00", "CPU architecture: 8", "", "processor\t: 1",
                "BogoMIPS\t: 48.00", "", "Hardware\t: BCM2835", "Serial\t\t: 1000000012345678"),
                ARCH);

        assertEquals(List.of(new CpuInfo("", 1, 1, ARCH, "", 0)), cpus);
    }

    @Test
    void emptyInputGivesNoCpu() {
        assertEquals(List.of(), CpuInfoReader.parse(List.of("", "no key value here"), ARCH));
    }

    @Test
    void badNumberIsReportedWithItsKey() {
        NumberFormatException e = assertThrows(NumberFormatException.class,
                () -> CpuInfoReader.parse(List.of("processor : 0", "cpu cores : -2"), ARCH));

        assertTrue(e.getMessage().contains("cpu cores"), e.getMessage());
    }

    @Test
    void readFallsBackToOneDefaultCpuAndWarns() throws Exception {
        Path file = this.dir.resolve("cpuinfo");
        Files.writeString(file, "processor : 0\nsiblings : many\n");
        try (LogCapture log = new LogCapture(CpuInfoReader.class)) {
            assertEquals(List.of(CpuInfoReader.defaultCpu(ARCH)), CpuInfoReader.read(file, ARCH));
            assertTrue(log.warned(file.toString()));
            assertTrue(log.warned("siblings"));
        }
    }

    @Test
    void readReturnsTheParsedCpus() throws Exception {
        Path file = this.dir.resolve("cpuinfo");
        Files.writeString(file, CurrentNodeTestBase.CPU_INFO);

        assertEquals(2, CpuInfoReader.read(file, ARCH).size());
    }
}
