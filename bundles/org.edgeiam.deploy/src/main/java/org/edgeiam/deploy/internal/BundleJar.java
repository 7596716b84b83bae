package org.edgeiam.deploy.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/**
 * What a bundle jar says about itself, and the content of an installed bundle as a jar again (to
 * restore it if its replacement fails).
 *
 * @param symbolicName {@code Bundle-SymbolicName} without directives
 * @param version {@code Bundle-Version}
 * @param fragment whether it is a fragment ({@code Fragment-Host})
 */
record BundleJar(String symbolicName, Version version, boolean fragment) {

    /**
     * @param jar a file in the deploy folder
     * @return its bundle identity
     * @throws IamException {@code INVALID_ARGUMENT} naming the file if it is not a bundle jar
     */
    static BundleJar read(Path jar) throws IamException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            Attributes main = manifest == null ? null : manifest.getMainAttributes();
            String name = main == null ? null : main.getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (name == null || name.isBlank()) {
                throw new IamException(ErrorCode.INVALID_ARGUMENT, jar + " is not a bundle: no Bundle-SymbolicName");
            }
            return new BundleJar(name.split(";")[0].strip(), Version.parseVersion(main.getValue(Constants.BUNDLE_VERSION)),
                    main.getValue(Constants.FRAGMENT_HOST) != null);
        } catch (IOException e) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, jar + " is not a readable jar: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, jar + " has an invalid Bundle-Version: " + e.getMessage());
        }
    }

    /**
     * @param bundle an installed bundle
     * @return its current revision's entries as a jar, manifest first
     * @throws IamException {@code RUNTIME} if an entry cannot be read
     */
    static byte[] contentOf(Bundle bundle) throws IamException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            URL manifestUrl = bundle.getEntry(JarFile.MANIFEST_NAME);
            Manifest manifest;
            try (InputStream in = manifestUrl.openStream()) {
                manifest = new Manifest(in);
            }
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                Enumeration<URL> found = bundle.findEntries("/", "*", true);
                List<URL> entries = found == null ? List.of() : Collections.list(found);
                for (URL url : new ArrayList<>(entries)) {
                    String name = url.getPath().substring(1);
                    if (name.equals(JarFile.MANIFEST_NAME) || name.equals("META-INF/") || name.endsWith("/")) {
                        continue;
                    }
                    out.putNextEntry(new ZipEntry(name));
                    try (InputStream in = url.openStream()) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot copy the installed " + bundle.getSymbolicName() + " "
                    + bundle.getVersion() + " (needed to restore it): " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }
}
