package org.edgeiam.currentnode.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

/**
 * Reads the total RAM from a {@code /proc/meminfo}-style file: the {@code MemTotal:} line, whose
 * value is in kB (unit word optional), times 1024. Unlike the CPU info, the total RAM is
 * mandatory: a missing file, a file without {@code MemTotal} or a bad number fails.
 */
final class MemInfoReader {
    private static final String MEM_TOTAL = "MemTotal";
    private static final long BYTES_PER_KB = 1024;

    private MemInfoReader() {
    }

    /**
     * @param file the meminfo file
     * @param property the configuration property that names the file, for messages
     * @return the total RAM in bytes
     * @throws IamException {@code NOT_FOUND} if the file does not exist, {@code RUNTIME} if it
     *         cannot be read, {@code INVALID_ARGUMENT} if it has no valid {@code MemTotal}
     */
    static long totalRam(Path file, String property) throws IamException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new IamException(ErrorCode.NOT_FOUND,
                    "memory info file " + file + " (" + property + ") does not exist", e);
        } catch (IOException e) {
            throw new IamException(ErrorCode.RUNTIME,
                    "cannot read memory info file " + file + " (" + property + "): " + e, e);
        }
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).trim().equals(MEM_TOTAL)) {
                continue;
            }
            String[] words = line.substring(colon + 1).trim().split("\\s+");
            try {
                long kb = Long.parseLong(words[0]);
                if (kb > 0 && kb <= Long.MAX_VALUE / BYTES_PER_KB) {
                    return kb * BYTES_PER_KB;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "memory info file " + file + " ("
                    + property + ") has an invalid MemTotal line: '" + line + "'");
        }
        throw new IamException(ErrorCode.INVALID_ARGUMENT,
                "memory info file " + file + " (" + property + ") has no MemTotal line");
    }
}
