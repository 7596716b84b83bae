package org.edgeiam.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading bnd's {@code launcher.properties}: bundles, extra system packages, overrides, errors. */
class LaunchSettingsTest {
    @TempDir
    Path lib;

    @Test
    void bundlesPackagesAndRunPropertiesAreTakenAndSystemPropertiesWin() throws Exception {
        Files.createDirectories(lib.resolve("jar"));
        Files.writeString(lib.resolve("jar/a.jar"), "");
        Files.writeString(lib.resolve("jar/b.jar"), "");
        Files.writeString(lib.resolve("launcher.properties"), String.join("\n",
                "launch.bundles=jar/a.jar,jar/b.jar",
                "launch.system.packages=sun.misc,org.osgi.framework;version\\=\"1.10\","
                        + "org.osgi.framework.wiring;uses\\:\\=\"org.osgi.framework,org.osgi.resource\";version\\=\"1.2\"",
                "launch.storage.dir=var/felix-cache/20261207120000",
                "felix.fileinstall.poll=2000",
                "edgeiam.deploy.dir=var/deploy"));
        Properties system = new Properties();
        system.setProperty("edgeiam.deploy.dir", "/elsewhere");

        LaunchSettings settings = LaunchSettings.read(lib, system);

        assertEquals(List.of(lib.resolve("jar/a.jar"), lib.resolve("jar/b.jar")), settings.bundles());
        assertEquals("sun.misc", settings.framework().get("org.osgi.framework.system.packages.extra"));
        assertEquals("2000", settings.framework().get("felix.fileinstall.poll"));
        assertEquals("/elsewhere", settings.framework().get("edgeiam.deploy.dir"));
        assertEquals(LaunchSettings.DEFAULT_STORAGE, settings.framework().get("org.osgi.framework.storage"),
                "bnd's per-build cache folder is not the distribution's");
        assertTrue(settings.framework().keySet().stream().noneMatch(k -> k.startsWith("launch.")));
    }

    @Test
    void aMissingJarOrNoBundleIsNamed() throws Exception {
        Files.writeString(lib.resolve("launcher.properties"), "launch.bundles=jar/gone.jar\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchSettings.read(lib, new Properties()));
        assertTrue(e.getMessage().contains("jar/gone.jar"), e.getMessage());
        Files.writeString(lib.resolve("launcher.properties"), "felix.fileinstall.poll=2000\n");
        e = assertThrows(IllegalArgumentException.class, () -> LaunchSettings.read(lib, new Properties()));
        assertTrue(e.getMessage().contains("no bundle"), e.getMessage());
    }

    @Test
    void startLevelsAreTakenByPositionAndDefaultWhenTheyDoNotMatchTheBundles() {
        String attrs = "org.objectweb.asm;version=\"9.6\";startlevel=1,"
                + "org.apache.aries.spifly.dynamic.bundle;version=\"[1.3.7,1.3.8)\";startlevel=6,slf4j.api;version=\"2.0.17\"";

        assertEquals(List.of(1, 6, 0), LaunchSettings.startLevels(attrs, 3));
        assertEquals(List.of(0, 0), LaunchSettings.startLevels(attrs, 2), "not the same bundles");
        assertEquals(List.of(0), LaunchSettings.startLevels("", 1));
    }
}
