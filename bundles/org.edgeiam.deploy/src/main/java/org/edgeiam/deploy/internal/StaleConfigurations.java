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
 * Configurations that FileInstall made from {@code *.cfg} files of the deploy folder are kept
 * with the framework cache; a file deleted while the runtime was down may stay in effect, since
 * FileInstall does not always look for it at start. This deletes them.
 */
final class StaleConfigurations {
    /** The property FileInstall puts in each configuration it made: the file's URL. */
    static final String FILENAME = "felix.fileinstall.filename";

    private StaleConfigurations() {
    }

    /** @return one line per configuration deleted */
    static List<String> deleteOrphans(ConfigurationAdmin cm) throws IOException, InvalidSyntaxException {
        List<String> done = new ArrayList<>();
        Configuration[] made = cm.listConfigurations("(" + FILENAME + "=*)");
        for (Configuration c : made == null ? new Configuration[0] : made) {
            try {
                Object name = c.getProperties() == null ? null : c.getProperties().get(FILENAME);
                Path file = name == null ? null : toPath(name.toString());
                if (file != null && !Files.exists(file)) {
                    c.delete();
                    done.add("configuration " + c.getPid() + " deleted: its file " + file + " is gone");
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
