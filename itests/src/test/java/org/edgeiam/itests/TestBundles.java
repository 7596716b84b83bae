package org.edgeiam.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.osgi.framework.Bundle;

/**
 * Variants of a bundle for upgrade tests: its own content with another {@code Bundle-Version},
 * extra resources, or an extra import that cannot be resolved. The bundle is an installed one
 * (Pax Exam tests) or one inside the runtime's executable jar (process-level tests).
 */
final class TestBundles {
    private TestBundles() {
    }

    /** One entry of the copied bundle. */
    private record Entry(String name, Supplier<InputStream> content) {
    }

    /**
     * @param bundle an installed bundle whose content is copied
     * @param version the variant's Bundle-Version
     * @param extraResources more entries (path → text), e.g. a migration script
     * @param extraImport a package added to Import-Package, or {@code null}
     * @param into the jar to write
     * @return {@code into}
     */
    static Path variant(Bundle bundle, String version, Map<String, String> extraResources, String extraImport,
            Path into) throws IOException {
        Manifest manifest;
        try (InputStream in = bundle.getEntry(JarFile.MANIFEST_NAME).openStream()) {
            manifest = new Manifest(in);
        }
        List<Entry> entries = new ArrayList<>();
        Enumeration<URL> found = bundle.findEntries("/", "*", true);
        for (URL url : found == null ? Collections.<URL>emptyList() : Collections.list(found)) {
            entries.add(new Entry(url.getPath().substring(1), () -> open(url)));
        }
        return write(manifest, version, entries, extraResources, extraImport, into);
    }

    /**
     * @param bsnPrefix the start of the bundle's file name inside the runtime jar, e.g. {@code org.edgeiam.storage.sqlite-}
     * @param version the variant's Bundle-Version
     * @param extraResources more entries (path → text)
     * @param into the jar to write
     * @return {@code into}
     */
    static Path variantOfRuntimeBundle(String bsnPrefix, String version, Map<String, String> extraResources, Path into)
            throws IOException {
        Path original = Files.createTempFile(bsnPrefix, ".jar");
        try (JarFile runtime = new JarFile(System.getProperty("edgeiam.runtime.jar"))) {
            ZipEntry ze = runtime.stream().filter(e -> e.getName().startsWith("jar/" + bsnPrefix)).findFirst()
                    .orElseThrow(() -> new IOException("no jar/" + bsnPrefix + "* in the runtime jar"));
            try (InputStream in = runtime.getInputStream(ze)) {
                Files.copy(in, original, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (JarFile jar = new JarFile(original.toFile())) {
            List<Entry> entries = new ArrayList<>();
            jar.stream().forEach(e -> entries.add(new Entry(e.getName(), () -> open(jar, e))));
            return write(jar.getManifest(), version, entries, extraResources, null, into);
        } finally {
            Files.delete(original);
        }
    }

    private static Path write(Manifest manifest, String version, List<Entry> entries, Map<String, String> extraResources,
            String extraImport, Path into) throws IOException {
        Attributes main = manifest.getMainAttributes();
        main.putValue("Bundle-Version", version);
        if (extraImport != null) {
            String imports = main.getValue("Import-Package");
            main.putValue("Import-Package", imports == null ? extraImport : imports + "," + extraImport);
        }
        Path partial = into.resolveSibling(into.getFileName() + ".part");
        try (OutputStream file = Files.newOutputStream(partial); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Entry entry : entries) {
                String name = entry.name();
                if (name.endsWith("/") || name.equals(JarFile.MANIFEST_NAME) || extraResources.containsKey(name)) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(name));
                try (InputStream in = entry.content().get()) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            for (Map.Entry<String, String> extra : extraResources.entrySet()) {
                out.putNextEntry(new ZipEntry(extra.getKey()));
                out.write(extra.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        // appear in the deploy folder in one step, never half written
        return Files.move(partial, into, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static InputStream open(URL url) {
        try {
            return url.openStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(JarFile jar, ZipEntry entry) {
        try {
            return jar.getInputStream(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
