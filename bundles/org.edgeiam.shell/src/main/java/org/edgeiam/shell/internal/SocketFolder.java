package org.edgeiam.shell.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

/**
 * The folder of the command socket. A folder that does not exist is created private (0700); an
 * existing one keeps its mode (it may be {@code /run}), but is refused if another user could
 * replace the socket in it: when group or others may write it (sticky bit or not), or when it
 * belongs to neither the runtime's user nor root.
 */
final class SocketFolder {
    private static final int GROUP_OTHERS_WRITE = 0022;

    private SocketFolder() {
    }

    /**
     * @param dir the socket's folder
     * @return whether the folder was created now (and so is ours and private)
     * @throws IOException if it cannot be created, or exists and is writable by group or others
     *         (a sticky shared folder such as /tmp included)
     */
    static boolean prepare(Path dir) throws IOException {
        if (Files.notExists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------")); // any umask
                return true;
            } catch (FileAlreadyExistsException createdMeanwhile) {
                // checked below like any existing folder
            }
        }
        int mode = (Integer) Files.getAttribute(dir, "unix:mode");
        if ((mode & GROUP_OTHERS_WRITE) != 0) {
            // even with the sticky bit (/tmp): another user could create the socket's name first,
            // while the runtime is down, and read the commands (and passwords) sent to it
            throw new IOException("folder " + dir + " is writable by group or others (mode " + octal(mode)
                    + "): another user could take the socket's place; give the socket a folder only the"
                    + " runtime's user can write (or chmod go-w " + dir + ")");
        }
        return false;
    }

    /**
     * @param dir an existing folder of the socket
     * @param self the runtime's user
     * @param root root, if known
     * @throws IOException if the folder belongs to another user, who could replace the socket
     */
    static void checkOwner(Path dir, UserPrincipal self, UserPrincipal root) throws IOException {
        UserPrincipal owner = Files.getOwner(dir);
        if (!owner.equals(self) && !owner.equals(root)) {
            throw new IOException("folder " + dir + " belongs to user " + owner.getName() + ", who could replace"
                    + " the socket; give the socket a folder of " + self.getName() + " or root");
        }
    }

    static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }
}
