package org.edgeiam.deploy.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The framework cache kept across restarts by the executable jar's launcher (bnd): it installs a
 * bundle of {@code edgeiam.jar} again only when its digest differs from the one it noted at the
 * last install ({@code .bnd.launcher/<bundle id>} in the system bundle's data area). Each build
 * of {@code edgeiam.jar} has its own cache folder ({@code var/felix-cache/<build time>}). The
 * distribution's launcher keeps its notes (size and time stamp of the jar in {@code lib/}) in the
 * same place, so deleting a note works for both.
 * <p>
 * A bundle replaced from the deploy folder therefore stays replaced across restarts (so a newer
 * storage bundle is not preceded by the older one, which would take its schema back); the
 * deployer's own note says what to undo when a jar leaves the folder. When the version inside
 * {@code edgeiam.jar} cannot be read, the launcher's note is removed instead, so that the next
 * start goes back to it. The cache folders of earlier builds are deleted once this one runs.
 */
final class LauncherCache {
    private static final Logger LOG = LoggerFactory.getLogger(LauncherCache.class);
    /** Where the bnd launcher notes the digest of each bundle it installed. */
    private static final String DIGESTS = ".bnd.launcher";
    /** A build's cache folder: {@code yyyyMMddHHmmss}. */
    private static final String BUILD_FOLDER = "\\d{14}";

    private LauncherCache() {
    }

    /** Makes the launcher install the bundle from {@code edgeiam.jar} again at the next start. */
    static void forgetDigest(BundleContext context, Bundle bundle) {
        BundleContext system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getBundleContext();
        File digests = system == null ? null : system.getDataFile(DIGESTS);
        if (digests == null) {
            return;
        }
        File note = new File(digests, Long.toString(bundle.getBundleId()));
        if (note.delete()) {
            LOG.debug("{}: the launcher installs it from edgeiam.jar again at the next start", bundle.getSymbolicName());
        }
    }

    /**
     * Deletes the cache folders of other builds next to this one's: only folders named like a
     * build ({@value #BUILD_FOLDER}) that hold a framework cache ({@code bundle0}).
     *
     * @param storage the framework's cache folder ({@code org.osgi.framework.storage}), or null
     */
    static void deleteEarlierBuilds(String storage) {
        if (storage == null || storage.isBlank()) {
            return;
        }
        Path current = Path.of(storage).toAbsolutePath().normalize();
        Path parent = current.getParent();
        if (parent == null || !current.getFileName().toString().matches(BUILD_FOLDER)) {
            return;
        }
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent, Files::isDirectory)) {
            for (Path sibling : siblings) {
                if (!sibling.equals(current) && sibling.getFileName().toString().matches(BUILD_FOLDER)
                        && Files.isDirectory(sibling.resolve("bundle0"))) {
                    deleteTree(sibling);
                    LOG.info("framework cache of an earlier build deleted: {}", sibling);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot clean up the framework caches in {}: {}", parent, e.getMessage());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
