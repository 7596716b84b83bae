package org.edgeiam.currentnode.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.edgeiam.api.node.CpuInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the CPUs from a {@code /proc/cpuinfo}-style file: blocks of {@code key : value} lines,
 * separated by blank (or non key-value) lines or by a new {@code processor} key. Each distinct
 * {@code physical id} gives one CPU (the first block seen wins); {@code model name},
 * {@code cpu cores}, {@code siblings} and {@code cpu family} fill it, with 1 core, 1 thread and
 * the JVM's {@code os.arch} as defaults. An unreadable or corrupt file never fails: it gives a
 * single default CPU and a warning naming the file.
 */
final class CpuInfoReader {
    private static final Logger LOG = LoggerFactory.getLogger(CpuInfoReader.class);

    private CpuInfoReader() {
    }

    /**
     * @param file the cpuinfo file
     * @param defaultArchitecture the architecture of a CPU without {@code cpu family}
     * @return the CPUs, never empty
     */
    static List<CpuInfo> read(Path file, String defaultArchitecture) {
        try {
            List<CpuInfo> cpus = parse(Files.readAllLines(file), defaultArchitecture);
            if (!cpus.isEmpty()) {
                return cpus;
            }
            LOG.warn("CPU info file {} lists no CPU. Using one default CPU.", file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("CPU info file {} is unreadable or corrupt ({}). Using one default CPU.",
                    file, e.toString());
        }
        return List.of(defaultCpu(defaultArchitecture));
    }

    /**
     * @param lines the lines of a cpuinfo file
     * @param defaultArchitecture the architecture of a CPU without {@code cpu family}
     * @return one CPU per distinct physical id in order of appearance, empty if there are none
     * @throws NumberFormatException if a numeric field is not a non-negative number
     */
    static List<CpuInfo> parse(List<String> lines, String defaultArchitecture) {
        Map<Long, CpuInfo> byPhysicalId = new LinkedHashMap<>();
        List<String[]> block = new ArrayList<>();
        for (String line : lines) {
            String[] keyValue = keyValue(line);
            if (keyValue == null || keyValue[0].equals("processor")) {
                addBlock(block, byPhysicalId, defaultArchitecture);
            }
            if (keyValue != null) {
                block.add(keyValue);
            }
        }
        addBlock(block, byPhysicalId, defaultArchitecture);
        return List.copyOf(byPhysicalId.values());
    }

    static CpuInfo defaultCpu(String architecture) {
        return new CpuInfo("", 1, 1, architecture, "", 0);
    }

    private static void addBlock(List<String[]> block, Map<Long, CpuInfo> byPhysicalId,
            String defaultArchitecture) {
        if (block.isEmpty()) {
            return;
        }
        long physicalId = 0;
        String modelName = "";
        long cores = 1;
        long threads = 1;
        String architecture = defaultArchitecture;
        for (String[] kv : block) {
            switch (kv[0]) {
                case "physical id" -> physicalId = number(kv);
                case "model name" -> modelName = kv[1];
                case "cpu cores" -> cores = number(kv);
                case "siblings" -> threads = number(kv);
                case "cpu family" -> architecture = kv[1];
                default -> {
                    // other keys are not part of NodeInfo
                }
            }
        }
        byPhysicalId.putIfAbsent(physicalId,
                new CpuInfo(modelName, cores, threads, architecture, "", 0));
        block.clear();
    }

    private static long number(String[] kv) {
        try {
            long value = Long.parseLong(kv[1]);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the key
        }
        throw new NumberFormatException("'" + kv[0] + "' is not a number: '" + kv[1] + "'");
    }

    /** @return {key, value} both trimmed, or null if the line is not {@code key : value} */
    private static String[] keyValue(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String key = line.substring(0, colon).trim();
        return key.isEmpty() ? null : new String[] {key, line.substring(colon + 1).trim()};
    }
}
