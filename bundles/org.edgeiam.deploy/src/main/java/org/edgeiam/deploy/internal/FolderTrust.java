package org.edgeiam.deploy.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Who may have written a file of the deploy folder. A jar there is code and a {@code *.cfg} is
 * configuration, so a file is trusted only if it is a regular file (symbolic links are not
 * followed) owned by the runtime's user or root that neither group nor others may write, in a
 * folder that passes the same test.
 */
final class FolderTrust {
    private static final int TYPE = 0170000;
    private static final int FOLDER = 0040000;
    private static final int REGULAR = 0100000;
    private static final int GROUP_OTHERS_WRITE = 0022;

    private final int self;

    /** @param self the runtime's user ID */
    FolderTrust(int self) {
        this.self = self;
    }

    /** @return the trust of this process's user: the owner of a file it creates */
    static FolderTrust ofThisProcess() throws IOException {
        Path probe = Files.createTempFile("edgeiam-uid", ".tmp");
        try {
            return new FolderTrust((Integer) Files.getAttribute(probe, "unix:uid"));
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** @return the runtime's user ID */
    int self() {
        return this.self;
    }

    /**
     * Creates a missing folder owner-only (0700, whatever the umask; missing ancestors get the
     * umask). An existing folder is left as it is.
     *
     * @return whether the folder was created
     */
    static boolean createPrivate(Path dir) throws IOException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Files.createDirectories(dir.toAbsolutePath().getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException createdMeanwhile) {
            return false;
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return true;
    }

    /** @return why the content of this folder is not trusted, or {@code null} if it is */
    String folderProblem(Path dir) throws IOException {
        return problem(Files.readAttributes(dir, "unix:uid,mode"), FOLDER, "a folder");
    }

    /** @return why this file is not trusted, or {@code null} if it is */
    String fileProblem(Path file) throws IOException {
        return problem(Files.readAttributes(file, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS), REGULAR,
                "a regular file (symbolic links are not followed)");
    }

    /** @return whether the folder belongs to the runtime's user or root */
    boolean ownedByUs(Path dir) throws IOException {
        int uid = (Integer) Files.getAttribute(dir, "unix:uid");
        return uid == this.self || uid == 0;
    }

    private String problem(Map<String, Object> attributes, int type, String what) {
        int uid = (Integer) attributes.get("uid");
        int mode = (Integer) attributes.get("mode");
        if ((mode & TYPE) != type) {
            return "not " + what;
        }
        if (uid != this.self && uid != 0) {
            return "owned by uid " + uid + ", neither the runtime's user (uid " + this.self + ") nor root";
        }
        if ((mode & GROUP_OTHERS_WRITE) != 0) {
            return "writable by group or others (mode " + String.format("%04o", mode & 07777) + ")";
        }
        return null;
    }
}
