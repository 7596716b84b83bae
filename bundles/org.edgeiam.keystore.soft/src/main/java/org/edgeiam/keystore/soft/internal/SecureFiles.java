package org.edgeiam.keystore.soft.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * Owner-only files written crash-safe: content goes to a hidden temporary file in the target's
 * directory, created with mode 0600 from the start, is synced and then renamed over the target
 * atomically, so a reader sees the old file or the new one, never a part. Directories are made
 * with mode 0700. On file systems without POSIX permissions the modes are left to the system.
 */
final class SecureFiles {
    static final String TEMP_SUFFIX = ".tmp";

    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private SecureFiles() {
    }

    /**
     * Writes {@code content} to {@code target} with mode 0600, replacing it atomically.
     *
     * @throws IOException if the file cannot be written or moved; no temporary file is left
     */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.getParent();
        String prefix = "." + target.getFileName() + ".";
        Path tmp = posix(dir) ? Files.createTempFile(dir, prefix, TEMP_SUFFIX, attribute(FILE_MODE))
                : Files.createTempFile(dir, prefix, TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates a directory, and its missing parents, if it does not exist; the directory itself
     * gets mode 0700, parents the system default.
     *
     * @param enforce also set mode 0700 if the directory exists already
     */
    static void privateDirectory(Path dir, boolean enforce) throws IOException {
        if (Files.isDirectory(dir)) {
            if (enforce && posix(dir)) {
                Files.setPosixFilePermissions(dir, DIR_MODE);
            }
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (posix(parent)) {
            Files.createDirectory(dir, attribute(DIR_MODE));
            Files.setPosixFilePermissions(dir, DIR_MODE); // the umask may have narrowed it
        } else {
            Files.createDirectory(dir);
        }
    }

    /** Makes renames and deletions in {@code dir} durable; best effort, as not every system allows it. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // directories cannot be opened for sync on some platforms; the rename is still atomic
        }
    }

    /** @return whether {@code file} is a regular file, not following a symbolic link */
    static boolean isFile(Path file) {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Reads a secret text file (a PIN) without keeping it in a {@code String}.
     *
     * @return the file's content without surrounding white space; the caller clears it after use
     */
    static char[] readSecret(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        try {
            int start = 0;
            int end = chars.limit();
            while (start < end && Character.isWhitespace(chars.get(start))) {
                start++;
            }
            while (end > start && Character.isWhitespace(chars.get(end - 1))) {
                end--;
            }
            char[] secret = new char[end - start];
            chars.position(start);
            chars.get(secret);
            return secret;
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
        }
    }

    private static boolean posix(Path dir) {
        Path anchor = dir == null ? Path.of("").toAbsolutePath() : dir;
        return anchor.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> mode) {
        return PosixFilePermissions.asFileAttribute(mode);
    }
}
