package org.edgeiam.keystore.pkcs11.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

/**
 * The user PIN file ({@code userPinPath}). Its content is the PIN, without trailing line breaks. A
 * new PIN is 30 random hex characters, written owner-only (0600) to a temporary file in the same
 * directory and moved into place atomically; missing directories are created owner-only (0700).
 * A PIN file that group or others may read or write is refused, not read. PINs are returned as
 * {@code char[]}s for the caller to clear, and are never logged.
 */
final class PinFile {
    private static final int PIN_BYTES = 15;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<Set<PosixFilePermission>> DIR_OWNER_ONLY = PosixFilePermissions
            .asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path path;
    private final SecureRandom random;

    PinFile(Path path, SecureRandom random) {
        this.path = path;
        this.random = random;
    }

    Path path() {
        return this.path;
    }

    boolean exists() {
        return Files.isRegularFile(this.path);
    }

    /**
     * @return the PIN, if the file exists
     * @throws IamException {@code WRONG_STATE} if group or others may read or write the file,
     *         {@code RUNTIME} if it is empty or cannot be read
     */
    Optional<char[]> read() throws IamException {
        if (!exists()) {
            return Optional.empty();
        }
        byte[] bytes = null;
        try {
            checkOwnerOnly();
            bytes = Files.readAllBytes(this.path);
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
            int end = chars.limit();
            while (end > 0 && (chars.get(end - 1) == '\n' || chars.get(end - 1) == '\r')) {
                end--;
            }
            if (end == 0) {
                throw new IamException(ErrorCode.RUNTIME, "user PIN file " + this.path + " is empty");
            }
            char[] pin = new char[end];
            chars.get(pin, 0, end);
            Arrays.fill(chars.array(), '\0');
            return Optional.of(pin);
        } catch (IOException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot read user PIN file " + this.path + ": " + e, e);
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    /** Refuses a PIN file that others may read or write: its PIN cannot be trusted nor kept secret. */
    private void checkOwnerOnly() throws IOException, IamException {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(this.path);
        } catch (UnsupportedOperationException e) {
            return; // no POSIX permissions on this file system: nothing to check
        }
        if (!Collections.disjoint(mode, NOT_OWNER)) {
            throw new IamException(ErrorCode.WRONG_STATE, "user PIN file " + this.path + " has mode "
                    + PosixFilePermissions.toString(mode) + ": group or others may read or write it; it must be"
                    + " owner-only (chmod 600)");
        }
    }

    /** @return a new random PIN of 30 hex characters */
    char[] generate() {
        byte[] bytes = new byte[PIN_BYTES];
        this.random.nextBytes(bytes);
        char[] pin = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            pin[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            pin[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        Arrays.fill(bytes, (byte) 0);
        return pin;
    }

    /** Writes the PIN atomically, owner-only (0600), creating missing parent directories 0700. */
    void write(char[] pin) throws IamException {
        Path dir = this.path.getParent();
        Path tmp = null;
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
        try {
            Files.createDirectories(dir, DIR_OWNER_ONLY);
            tmp = Files.createTempFile(dir, ".usrpin", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.setPosixFilePermissions(tmp, OWNER_ONLY); // whatever the umask
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(tmp, this.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException | UnsupportedOperationException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot write user PIN file " + this.path + ": " + e, e);
        } finally {
            Arrays.fill(bytes.array(), (byte) 0);
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // best effort: the temporary file is owner-only
                }
            }
        }
    }
}
