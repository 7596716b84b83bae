package org.edgeiam.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What the runtime is made of, read from {@code lib/launcher.properties}: the file bnd writes into
 * {@code edgeiam.jar} from {@code edgeiam.bndrun}, so the executable jar and the distribution
 * start the same bundles with the same framework properties. Used from it:
 * {@code launch.bundles} (the bundle jars, in start order, relative to {@code lib/}),
 * {@code launch.system.packages} (the packages the JVM adds to the framework's; those of the
 * framework itself, {@code org.osgi.*}, are left to it) and every key that does not start with
 * {@code launch.} (the {@code -runproperties}). A system property of the same name wins, as with
 * bnd's launcher.
 */
final class LaunchSettings {
    /** The framework cache of the distribution, kept across restarts (see {@link BundleSync}). */
    static final String DEFAULT_STORAGE = "var/felix-cache/bundles";

    private final List<Path> bundles;
    private final List<Integer> startLevels;
    private final Map<String, String> framework;

    private LaunchSettings(List<Path> bundles, List<Integer> startLevels, Map<String, String> framework) {
        this.bundles = List.copyOf(bundles);
        this.startLevels = List.copyOf(startLevels);
        this.framework = Map.copyOf(framework);
    }

    /**
     * @param lib the distribution's {@code lib/} folder
     * @param system the system properties (overrides)
     * @return the settings
     * @throws IOException if {@code lib/launcher.properties} cannot be read
     * @throws IllegalArgumentException if it names no bundle, or a bundle jar that is missing
     */
    static LaunchSettings read(Path lib, Properties system) throws IOException {
        Path file = lib.resolve("launcher.properties");
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        }
        List<Path> bundles = new ArrayList<>();
        for (String name : props.getProperty("launch.bundles", "").split(",")) {
            if (!name.isBlank()) {
                Path jar = lib.resolve(name.strip()).toAbsolutePath().normalize();
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalArgumentException(file + ": launch.bundles names " + name.strip()
                            + ", which is not in " + lib);
                }
                bundles.add(jar);
            }
        }
        if (bundles.isEmpty()) {
            throw new IllegalArgumentException(file + ": launch.bundles names no bundle");
        }
        List<Integer> levels = startLevels(props.getProperty("launch.runbundles.attrs", ""), bundles.size());
        Map<String, String> framework = new LinkedHashMap<>();
        for (String key : props.stringPropertyNames()) {
            if (!key.startsWith("launch.")) {
                framework.put(key, system.getProperty(key, props.getProperty(key)));
            }
        }
        String extra = String.join(",", extraPackages(props.getProperty("launch.system.packages", "")));
        if (!extra.isEmpty()) {
            framework.put("org.osgi.framework.system.packages.extra", extra);
        }
        framework.put("org.osgi.framework.storage", system.getProperty("launch.storage.dir", DEFAULT_STORAGE));
        framework.putIfAbsent("org.osgi.framework.storage.clean", "none");
        return new LaunchSettings(bundles, levels, framework);
    }

    /** The bundle jars, absolute, in start order. */
    List<Path> bundles() {
        return bundles;
    }

    /**
     * The start level of each bundle of {@link #bundles()}, by position: bnd writes them in
     * {@code launch.runbundles.attrs} ({@code -runstartlevel}); 0 where none is given.
     */
    List<Integer> startLevels() {
        return startLevels;
    }

    static List<Integer> startLevels(String attrs, int count) {
        List<Integer> levels = new ArrayList<>();
        for (String clause : topLevelClauses(attrs)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(";\\s*startlevel\\s*=\\s*\"?(\\d+)").matcher(clause);
            levels.add(m.find() ? Integer.parseInt(m.group(1)) : 0);
        }
        if (levels.size() != count) {
            return java.util.Collections.nCopies(count, 0); // no levels, or not the same bundles: the default
        }
        return levels;
    }

    /** The framework properties. */
    Map<String, String> framework() {
        return framework;
    }

    /**
     * Splits an export list at its top-level commas (a {@code uses:="a,b"} directive holds
     * commas too) and keeps the clauses that are not the framework's own {@code org.osgi.*}.
     */
    static List<String> extraPackages(String list) {
        List<String> clauses = topLevelClauses(list);
        clauses.removeIf(c -> c.startsWith("org.osgi."));
        return clauses;
    }

    /** Splits a manifest-style list at its commas outside quotes; empty clauses are dropped. */
    static List<String> topLevelClauses(String list) {
        List<String> clauses = new ArrayList<>();
        StringBuilder clause = new StringBuilder();
        boolean quoted = false;
        for (char c : list.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                clauses.add(clause.toString().strip());
                clause.setLength(0);
            } else {
                clause.append(c);
            }
        }
        clauses.add(clause.toString().strip());
        clauses.removeIf(String::isEmpty);
        return clauses;
    }
}
