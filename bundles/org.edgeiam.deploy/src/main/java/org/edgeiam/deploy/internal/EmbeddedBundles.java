package org.edgeiam.deploy.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * The bundles inside the executable {@code edgeiam.jar} (entries {@code jar/*.jar}), found
 * through the JVM's class path: what a replaced bundle goes back to when its jar leaves the
 * deploy folder.
 */
final class EmbeddedBundles {
    private EmbeddedBundles() {
    }

    /** @return the content of the embedded bundle with that symbolic name, if the runtime is edgeiam.jar */
    static Optional<byte[]> content(String symbolicName) {
        String classPath = System.getProperty("java.class.path", "");
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.endsWith(".jar") || !new File(entry).isFile()) {
                continue;
            }
            try (JarFile runtime = new JarFile(entry)) {
                for (ZipEntry ze : java.util.Collections.list(runtime.entries())) {
                    if (ze.getName().startsWith("jar/") && ze.getName().endsWith(".jar")
                            && symbolicName.equals(symbolicName(runtime, ze))) {
                        try (InputStream in = runtime.getInputStream(ze)) {
                            return Optional.of(in.readAllBytes());
                        }
                    }
                }
            } catch (IOException e) {
                // not a jar we can read: not ours
            }
        }
        return Optional.empty();
    }

    private static String symbolicName(JarFile runtime, ZipEntry ze) throws IOException {
        try (JarInputStream in = new JarInputStream(runtime.getInputStream(ze))) {
            Manifest m = in.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue("Bundle-SymbolicName");
            return bsn == null ? null : bsn.split(";")[0].strip();
        }
    }
}
