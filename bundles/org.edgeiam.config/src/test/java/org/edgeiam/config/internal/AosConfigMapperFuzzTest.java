package org.edgeiam.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz test of the configuration file: the bytes are the file {@link AosConfigMapper#read}
 * reads. Contract: it returns the property maps of every mandatory PID, holding only values
 * ConfigAdmin takes, or throws {@link IamException} {@code INVALID_ARGUMENT} whose message starts
 * with the file name; any other exception is a finding. Seeds and past findings are under
 * {@code AosConfigMapperFuzzTestInputs/read}; docs/fuzzing.md.
 */
class AosConfigMapperFuzzTest {
    private static final List<String> MANDATORY = List.of(AosConfigMapper.STORAGE_PID,
            AosConfigMapper.CURRENT_NODE_PID, AosConfigMapper.SERVER_PID, AosConfigMapper.PERMISSIONS_PID,
            AosConfigMapper.PROVISIONING_PID);
    private static final Logger MAPPER_LOG = (Logger) LoggerFactory.getLogger(AosConfigMapper.class);

    @TempDir
    static Path dir;

    /**
     * Without {@code JAZZER_FUZZ} only the seeds run: Jazzer's bug-detector hooks would then add a
     * class-path scan of several seconds and check nothing the contract does not. Unknown keys
     * are logged as warnings, which would flood a fuzzing run.
     */
    @BeforeAll
    static void quiet() {
        if (System.getenv("JAZZER_FUZZ") == null && System.getenv("JAZZER_HOOKS") == null
                && System.getProperty("jazzer.hooks") == null) {
            System.setProperty("jazzer.hooks", "false");
        }
        MAPPER_LOG.setLevel(Level.ERROR);
    }

    @AfterAll
    static void loud() {
        MAPPER_LOG.setLevel(null);
    }

    @FuzzTest(maxDuration = "2m")
    void read(byte[] input) throws IOException {
        Path file = dir.resolve("iam.cfg");
        Files.write(file, input);
        Map<String, Map<String, Object>> pids;
        try {
            pids = new AosConfigMapper(dir).read(file, false);
        } catch (IamException e) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
            assertTrue(e.getMessage().startsWith(file + ": "), () -> "names the file: " + e.getMessage());
            return;
        }
        assertTrue(pids.keySet().containsAll(MANDATORY), () -> "mandatory PIDs in " + pids.keySet());
        pids.forEach((pid, props) -> props.forEach((key, value) -> assertTrue(value instanceof String
                || value instanceof Boolean || value instanceof Long || value instanceof Integer
                || value instanceof String[], () -> pid + " " + key + " = " + value)));
    }
}
