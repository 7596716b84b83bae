package org.edgeiam.deploy.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Configurations that FileInstall made from {@code *.cfg} files are kept with the framework
 * cache; a file deleted while the runtime was down may stay in effect, since FileInstall does not
 * always look for it at start. This deletes them, and those FileInstall made straight from the
 * deploy folder before it watched the folder of accepted copies ({@link ConfigStaging}): their
 * files were never checked, and the accepted ones come back as copies.
 */
final class StaleConfigurations {
    /** The property FileInstall puts in each configuration it made: the file's URL. */
    static final String FILENAME = "felix.fileinstall.filename";

    private StaleConfigurations() {
    }

    /**
     * @param cm the configurations
     * @param deployDir the deploy folder
     * @param watched the folder FileInstall watches, or {@code null}
     * @return one line per configuration deleted
     */
    static List<String> deleteOrphans(ConfigurationAdmin cm, Path deployDir, Path watched)
            throws IOException, InvalidSyntaxException {
        boolean separate = watched != null && !watched.equals(deployDir);
        List<String> done = new ArrayList<>();
        Configuration[] made = cm.listConfigurations("(" + FILENAME + "=*)");
        for (Configuration c : made == null ? new Configuration[0] : made) {
            try {
                Object name = c.getProperties() == null ? null : c.getProperties().get(FILENAME);
                Path file = name == null ? null : toPath(name.toString());
                if (file != null && !Files.exists(file)) {
                    c.delete();
                    done.add("configuration " + c.getPid() + " deleted: its file " + file + " is gone");
                } else if (file != null && separate && deployDir.equals(file.toAbsolutePath().getParent())) {
                    c.delete();
                    done.add("configuration " + c.getPid() + " deleted: it was read from " + file
                            + " unchecked; FileInstall now applies the accepted copies in " + watched);
                }
            } catch (IllegalStateException deletedMeanwhile) {
                // FileInstall noticed the missing file itself this time
            }
        }
        return done;
    }

    private static Path toPath(String name) {
        try {
            return name.startsWith("file:") ? Path.of(URI.create(name)) : Path.of(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
