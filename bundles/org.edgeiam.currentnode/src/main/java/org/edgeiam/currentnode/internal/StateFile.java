package org.edgeiam.currentnode.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.ErrorInfo;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeState;

/**
 * The provisioning state file. Absent means {@code unprovisioned}; otherwise it holds a state's
 * wire name. Writes create the file's directory if needed, write a temporary file in that
 * directory, sync it and rename it over the state file atomically, so a crash never leaves a
 * half-written state; unprovisioned deletes the file.
 */
final class StateFile {
    private final Path file;

    /** A state as read from the file: {@code error} is set only if the file was unusable. */
    record Reading(NodeState state, ErrorInfo error) {
        static Reading of(NodeState state) {
            return new Reading(state, null);
        }

        /** Puts this state, and its error if any, into {@code builder}. */
        NodeInfo.Builder applyTo(NodeInfo.Builder builder) {
            return this.error == null ? builder.state(this.state) : builder.error(this.error);
        }
    }

    StateFile(Path file) {
        this.file = file;
    }

    Path path() {
        return this.file;
    }

    /**
     * @return the state in the file, or {@code ERROR} with the reason if the file cannot be read
     *         or does not hold a state name
     */
    Reading read() {
        String content;
        try {
            content = Files.readString(this.file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return Reading.of(NodeState.UNPROVISIONED);
        } catch (IOException e) {
            return new Reading(NodeState.ERROR, new ErrorInfo(ErrorCode.RUNTIME, 0,
                    "cannot read provisioning state file " + this.file + ": " + e));
        }
        return NodeState.parse(content).map(Reading::of)
                .orElseGet(() -> new Reading(NodeState.ERROR, new ErrorInfo(
                        ErrorCode.INVALID_ARGUMENT, 0, "provisioning state file " + this.file
                                + " holds no valid state: '" + content + "'")));
    }

    /**
     * @param state the state to persist; {@code UNPROVISIONED} deletes the file
     * @throws IamException {@code RUNTIME} if the file cannot be written or deleted; the file is
     *         then unchanged
     */
    void write(NodeState state) throws IamException {
        try {
            if (state == NodeState.UNPROVISIONED) {
                Files.deleteIfExists(this.file);
            } else {
                replace(state.wireName());
            }
        } catch (IOException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot set state " + state.wireName()
                    + " in provisioning state file " + this.file + ": " + e, e);
        }
    }

    private void replace(String content) throws IOException {
        // the directory may not exist yet on a fresh device or before the working dir is made
        Path dir = Files.createDirectories(this.file.toAbsolutePath().getParent());
        String prefix = this.file.getFileName() + ".";
        // createTempFile would make it owner-only; keep the usual rw-r--r-- of the state file
        Path tmp = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions
                        .asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")))
                : Files.createTempFile(dir, prefix, ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, this.file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
