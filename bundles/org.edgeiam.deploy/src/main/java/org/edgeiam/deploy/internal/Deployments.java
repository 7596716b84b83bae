package org.edgeiam.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the deploy folder has put in place, kept in the deployer's data area so that it outlives
 * restarts (the framework cache is kept): per symbolic name, the jar it came from and whether it
 * replaced a bundle of {@code edgeiam.jar} or was installed new. At start, an entry whose jar has
 * left the folder is undone.
 */
final class Deployments {
    private static final Logger LOG = LoggerFactory.getLogger(Deployments.class);

    /** How a bundle came from the deploy folder. */
    enum Kind {
        /** it replaced the bundle of the same name inside edgeiam.jar */
        REPLACED,
        /** it was installed as a new bundle */
        INSTALLED
    }

    /** One deployed bundle. */
    record Entry(Kind kind, String jar) {
    }

    private final Path file;

    /** @param file the properties file; missing means nothing was deployed */
    Deployments(Path file) {
        this.file = file;
    }

    synchronized Map<String, Entry> all() {
        Map<String, Entry> entries = new TreeMap<>();
        Properties p = load();
        for (String name : p.stringPropertyNames()) {
            String value = p.getProperty(name);
            int colon = value.indexOf(':');
            if (colon > 0) {
                try {
                    entries.put(name, new Entry(Kind.valueOf(value.substring(0, colon)), value.substring(colon + 1)));
                } catch (IllegalArgumentException e) {
                    LOG.warn("{}: entry {} ignored: {}", file, name, value);
                }
            }
        }
        return entries;
    }

    synchronized void put(String symbolicName, Kind kind, String jar) {
        Properties p = load();
        p.setProperty(symbolicName, kind + ":" + jar);
        save(p);
    }

    synchronized void remove(String symbolicName) {
        Properties p = load();
        if (p.remove(symbolicName) != null) {
            save(p);
        }
    }

    private Properties load() {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                LOG.warn("cannot read {}: {}", file, e.getMessage());
            }
        }
        return p;
    }

    private void save(Properties p) {
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(part)) {
                p.store(out, "bundles put in place from the deploy folder");
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", file, e.getMessage());
        }
    }
}
