package org.edgeiam.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

/** What the deployer reads from a jar before it touches any bundle. */
class BundleJarTest {
    @TempDir
    Path dir;

    private Path jar(String manifestText) throws Exception {
        Path jar = dir.resolve("b.jar");
        Manifest m = new Manifest(new java.io.ByteArrayInputStream(("Manifest-Version: 1.0\n" + manifestText)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return jar;
    }

    @Test
    void bundleIdentityIsRead() throws Exception {
        BundleJar b = BundleJar.read(jar("Bundle-SymbolicName: org.edgeiam.x;singleton:=true\nBundle-Version: 1.2.3\n"));
        assertEquals(new BundleJar("org.edgeiam.x", new Version(1, 2, 3), false), b);
        assertTrue(BundleJar.read(jar("Bundle-SymbolicName: f\nFragment-Host: org.edgeiam.x\n")).fragment());
    }

    @Test
    void notABundleIsNamed() throws Exception {
        IamException noName = assertThrows(IamException.class, () -> BundleJar.read(jar("Created-By: me\n")));
        assertEquals(ErrorCode.INVALID_ARGUMENT, noName.code());
        assertTrue(noName.getMessage().endsWith("b.jar is not a bundle: no Bundle-SymbolicName"), noName.getMessage());
        IamException badVersion = assertThrows(IamException.class,
                () -> BundleJar.read(jar("Bundle-SymbolicName: x\nBundle-Version: one\n")));
        assertTrue(badVersion.getMessage().contains("invalid Bundle-Version"), badVersion.getMessage());
        Path text = Files.writeString(dir.resolve("notes.jar"), "not a zip");
        IamException notJar = assertThrows(IamException.class, () -> BundleJar.read(text));
        assertTrue(notJar.getMessage().contains("notes.jar is not a readable jar"), notJar.getMessage());
    }
}
