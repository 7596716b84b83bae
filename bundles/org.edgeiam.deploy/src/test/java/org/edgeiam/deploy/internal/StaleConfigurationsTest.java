package org.edgeiam.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Which configurations FileInstall made are deleted at start. */
class StaleConfigurationsTest {
    @TempDir
    Path root;
    private final List<String> deleted = new ArrayList<>();

    private Configuration made(String pid, Path file) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(StaleConfigurations.FILENAME, file.toUri().toString());
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getProperties" -> props;
                    case "getPid" -> pid;
                    case "delete" -> {
                        this.deleted.add(pid);
                        yield null;
                    }
                    default -> null;
                });
    }

    private ConfigurationAdmin cm(Configuration... configurations) {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class},
                (p, m, a) -> m.getName().equals("listConfigurations") ? configurations : null);
    }

    @Test
    void givenConfigurationsFromBothFolders_whenChecked_thenGoneAndUncheckedOnesDeleted() throws Exception {
        Path deploy = Files.createDirectories(this.root.resolve("deploy"));
        Path accepted = Files.createDirectories(this.root.resolve("deploy-accepted"));
        Files.writeString(deploy.resolve("old.cfg"), "x=1\n");
        Files.writeString(accepted.resolve("kept.cfg"), "x=1\n");

        List<String> done = StaleConfigurations.deleteOrphans(cm(made("old", deploy.resolve("old.cfg")),
                made("kept", accepted.resolve("kept.cfg")), made("gone", accepted.resolve("gone.cfg"))),
                deploy, accepted);

        assertEquals(List.of("old", "gone"), this.deleted, String.join("\n", done));
    }

    @Test
    void givenFileInstallReadsTheDeployFolder_whenChecked_thenOnlyGoneOnesDeleted() throws Exception {
        Path deploy = Files.createDirectories(this.root.resolve("deploy"));
        Files.writeString(deploy.resolve("a.cfg"), "x=1\n");

        StaleConfigurations.deleteOrphans(cm(made("a", deploy.resolve("a.cfg")), made("b", deploy.resolve("b.cfg"))),
                deploy, deploy);

        assertEquals(List.of("b"), this.deleted);
    }
}
