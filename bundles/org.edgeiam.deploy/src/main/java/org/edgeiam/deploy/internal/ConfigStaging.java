package org.edgeiam.deploy.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The folder FileInstall watches ({@code felix.fileinstall.dir}, {@code var/deploy-accepted}):
 * it holds copies of the configurations of the deploy folder that {@link FolderTrust} accepted,
 * and nothing else, so that FileInstall never reads a file of the deploy folder itself. The folder
 * is the runtime's (0700, tightened if looser); copies are written owner-only and moved into
 * place atomically, so FileInstall never sees half a file.
 */
final class ConfigStaging {
    private static final String PART = ".part";
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.complementOf(EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));

    private final Path target;
    private final FolderTrust trust;

    /**
     * @param target the folder FileInstall watches
     * @param trust who the runtime is
     */
    ConfigStaging(Path target, FolderTrust trust) {
        this.target = target;
        this.trust = trust;
    }

    Path target() {
        return this.target;
    }

    /** @return whether the file name is one of a configuration ({@code *.cfg}, {@code *.config}) */
    static boolean isConfiguration(String name) {
        return name.endsWith(".cfg") || name.endsWith(".config");
    }

    /**
     * Makes the folder hold exactly the given configurations.
     *
     * @param copy file name → accepted file of the deploy folder whose content is to be in effect
     * @param keep file names whose copy stays as it is (accepted, but still being written)
     * @return one line per copy written or deleted
     * @throws IOException if the folder cannot be made the runtime's, or a copy fails
     */
    List<String> sync(Map<String, Path> copy, Set<String> keep) throws IOException {
        prepare();
        List<String> done = new ArrayList<>();
        try (DirectoryStream<Path> staged = Files.newDirectoryStream(this.target)) {
            for (Path file : staged) {
                String name = file.getFileName().toString();
                boolean ours = isConfiguration(name) || name.endsWith(PART);
                if (ours && !copy.containsKey(name) && !keep.contains(name)) {
                    Files.delete(file);
                    if (isConfiguration(name)) {
                        done.add("configuration " + name + " withdrawn: no longer an accepted file of the deploy folder");
                    }
                }
            }
        }
        for (Map.Entry<String, Path> e : copy.entrySet()) {
            Path staged = this.target.resolve(e.getKey());
            if (Files.isRegularFile(staged) && Files.mismatch(e.getValue(), staged) == -1) {
                continue;
            }
            Path part = this.target.resolve("." + e.getKey() + PART);
            Files.copy(e.getValue(), part, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-------"));
            Files.move(part, staged, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done.add("configuration " + e.getKey() + " accepted, handed to FileInstall");
        }
        return done;
    }

    /** Withdraws every configuration, e.g. when the deploy folder is no longer trusted. */
    List<String> clear() throws IOException {
        return sync(Map.of(), Set.of());
    }

    private void prepare() throws IOException {
        FolderTrust.createPrivate(this.target);
        if (!this.trust.ownedByUs(this.target)) {
            throw new IOException(this.target + " belongs to neither the runtime's user nor root");
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(this.target);
        if (!Collections.disjoint(mode, NOT_OWNER)) {
            Files.setPosixFilePermissions(this.target, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
