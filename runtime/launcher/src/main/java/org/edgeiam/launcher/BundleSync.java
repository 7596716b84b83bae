package org.edgeiam.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

/**
 * Brings the framework cache in line with the distribution's bundle jars, doing as little as it
 * can: a restart with the same jars installs, updates and copies nothing. Each jar is installed
 * by reference ({@code reference:file:…}, read in place, not copied into the cache), and its size
 * and time stamp are noted in the system bundle's data area ({@code .bnd.launcher/<bundle id>},
 * the place bnd's launcher uses, so {@code org.edgeiam.deploy} can make either launcher take a
 * bundle from the distribution again by deleting the note). A jar whose note differs is updated
 * from the distribution; a bundle the launcher installed from this {@code lib/} whose jar is no
 * longer listed is uninstalled. Bundles installed otherwise (the deploy folder, the shell) are
 * not touched, and a bundle replaced from the deploy folder stays replaced while its jar in
 * {@code lib/} does not change.
 */
final class BundleSync {
    static final String NOTES = ".bnd.launcher";

    private final BundleContext system;
    private final String prefix;
    private final File notes;

    /**
     * @param system the system bundle's context (framework initialised, not started)
     * @param lib the folder the bundle jars are in (bundles installed from under it are ours)
     */
    BundleSync(BundleContext system, Path lib) {
        this.system = system;
        this.prefix = location(lib.toAbsolutePath().normalize());
        this.notes = system.getDataFile(NOTES);
    }

    /**
     * Installs, updates and uninstalls, then marks every listed bundle (not fragments) to be
     * started with the framework.
     *
     * @param jars the bundle jars in start order
     * @return what was done, for the log
     * @throws BundleException if a bundle cannot be installed or updated (the distribution is
     *         broken: nothing starts)
     * @throws IOException if a note cannot be written
     */
    Result apply(List<Path> jars) throws BundleException, IOException {
        return apply(jars, java.util.Collections.nCopies(jars.size(), 0));
    }

    /**
     * As {@link #apply(List)}, giving each bundle its start level (0: the framework's default).
     * Levels matter at every start, not only the first: a bundle added to a kept framework cache
     * gets the highest ID, and within one level bundles start in ID order.
     *
     * @param jars the bundle jars in start order
     * @param levels the start level of each
     * @return what was done
     * @throws BundleException if a bundle cannot be installed or updated
     * @throws IOException if a note cannot be written
     */
    Result apply(List<Path> jars, List<Integer> levels) throws BundleException, IOException {
        Files.createDirectories(notes.toPath());
        int installed = 0;
        int updated = 0;
        Set<String> wanted = new HashSet<>();
        List<Bundle> listed = new ArrayList<>();
        for (int i = 0; i < jars.size(); i++) {
            Path jar = jars.get(i);
            String location = location(jar);
            wanted.add(location);
            String stamp = stamp(jar);
            Bundle bundle = system.getBundle(location);
            if (bundle == null) {
                bundle = system.installBundle(location);
                installed++;
                note(bundle, stamp);
            } else if (!stamp.equals(noted(bundle))) {
                bundle.update();
                updated++;
                note(bundle, stamp);
            }
            if (levels.get(i) > 0) {
                bundle.adapt(org.osgi.framework.startlevel.BundleStartLevel.class).setStartLevel(levels.get(i));
            }
            listed.add(bundle);
        }
        int uninstalled = 0;
        for (Bundle bundle : system.getBundles()) {
            String location = bundle.getLocation();
            if (bundle.getBundleId() != 0 && location.startsWith(prefix) && !wanted.contains(location)) {
                bundle.uninstall();
                Files.deleteIfExists(new File(notes, Long.toString(bundle.getBundleId())).toPath());
                uninstalled++;
            }
        }
        for (Bundle bundle : listed) {
            if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                // before the framework starts this only marks it: the framework starts it, and
                // reports (without stopping the others) a bundle that fails
                bundle.start(Bundle.START_ACTIVATION_POLICY);
            }
        }
        return new Result(installed, updated, uninstalled);
    }

    /**
     * What {@link #apply} did.
     *
     * @param installed bundles installed
     * @param updated bundles updated from a changed jar
     * @param uninstalled bundles whose jar left the list
     */
    record Result(int installed, int updated, int uninstalled) {
        boolean changedAnything() {
            return installed + updated + uninstalled > 0;
        }
    }

    /** The location a jar is installed from: by reference, so the cache holds no copy. */
    static String location(Path path) {
        return "reference:" + path.toAbsolutePath().normalize().toUri();
    }

    private static String stamp(Path jar) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(jar, BasicFileAttributes.class);
        return attrs.size() + ":" + attrs.lastModifiedTime().toMillis();
    }

    private String noted(Bundle bundle) throws IOException {
        Path note = new File(notes, Long.toString(bundle.getBundleId())).toPath();
        return Files.isRegularFile(note) ? Files.readString(note) : "";
    }

    private void note(Bundle bundle, String stamp) throws IOException {
        Files.writeString(new File(notes, Long.toString(bundle.getBundleId())).toPath(), stamp);
    }
}
