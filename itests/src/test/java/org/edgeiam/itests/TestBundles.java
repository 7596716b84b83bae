package org.edgeiam.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.osgi.framework.Bundle;

/**
 * Variants of an installed bundle for upgrade tests: its own content with another
 * {@code Bundle-Version}, extra resources, or an extra import that cannot be resolved.
 */
final class TestBundles {
    private TestBundles() {
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
        Attributes main = manifest.getMainAttributes();
        main.putValue("Bundle-Version", version);
        if (extraImport != null) {
            String imports = main.getValue("Import-Package");
            main.putValue("Import-Package", imports == null ? extraImport : imports + "," + extraImport);
        }
        Path partial = into.resolveSibling(into.getFileName() + ".part");
        try (OutputStream file = Files.newOutputStream(partial); JarOutputStream out = new JarOutputStream(file, manifest)) {
            Enumeration<URL> found = bundle.findEntries("/", "*", true);
            for (URL url : found == null ? Collections.<URL>emptyList() : Collections.list(found)) {
                String name = url.getPath().substring(1);
                if (name.endsWith("/") || name.equals(JarFile.MANIFEST_NAME) || extraResources.containsKey(name)) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(name));
                try (InputStream in = url.openStream()) {
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
}
