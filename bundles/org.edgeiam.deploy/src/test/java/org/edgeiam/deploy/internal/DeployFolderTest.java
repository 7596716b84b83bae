package org.edgeiam.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The deploy folder's trust model: who may have written what is deployed and applied. */
class DeployFolderTest extends DeployFolderTestBase {

    @Test
    void givenNoFolder_whenWatched_thenCreated0700() throws Exception {
        whenWatched();

        eventually(() -> Files.isDirectory(this.deploy), "the folder is created");
        assertEquals("rwx------", modeOf(this.deploy));
    }

    @Test
    void givenOwnFilesOthersCannotWrite_whenWatched_thenJarDeployedAndConfigurationHandedToFileInstall()
            throws Exception {
        givenDeployFolder("rwxr-xr-x");
        Path jar = givenFile("a.jar", "jar", "rw-r--r--");
        givenFile("a.cfg", "answer=42\n", "rw-r--r--");

        whenWatched();

        eventually(() -> this.deployed.equals(List.of(jar)), "the jar is deployed");
        eventually(() -> Files.exists(this.accepted.resolve("a.cfg")), "the configuration is handed over");
        assertEquals("answer=42\n", Files.readString(this.accepted.resolve("a.cfg")));
        assertEquals("rwx------", modeOf(this.accepted));
        assertEquals("rwxr-xr-x", modeOf(this.deploy), "an existing folder keeps its mode");
    }

    @Test
    void givenFilesGroupOrOthersMayWrite_whenWatched_thenRefusedLoggedAndNeitherDeployedNorApplied()
            throws Exception {
        givenDeployFolder("rwx------");
        Path jar = givenFile("evil.jar", "jar", "rw-rw-r--");
        Path cfg = givenFile("evil.cfg", "x=1\n", "rw-rw-rw-");

        whenWatched();
        whenPolledAFewTimes();

        assertEquals(List.of(), this.deployed);
        assertFalse(Files.exists(this.accepted.resolve("evil.cfg")), "a refused configuration is not applied");
        assertTrue(refusedLogged(jar, "writable by group or others (mode 0664)"), this.log.messages().toString());
        assertTrue(refusedLogged(cfg, "writable by group or others (mode 0666)"), this.log.messages().toString());
        assertEquals(1, this.log.messages().stream().filter(m -> m.contains("refused " + jar)).count(), "once");
        assertTrue(Files.exists(jar), "a refused file is left alone, not renamed");
    }

    @Test
    void givenFolderOthersMayWrite_whenWatched_thenItsContentRefusedAndItsModeKept() throws Exception {
        givenDeployFolder("rwxrwxrwx");
        givenFile("a.jar", "jar", "rw-r--r--");
        givenFile("a.cfg", "x=1\n", "rw-r--r--");

        whenWatched();
        whenPolledAFewTimes();

        assertEquals(List.of(), this.deployed);
        assertFalse(Files.exists(this.accepted.resolve("a.cfg")));
        assertTrue(refusedLogged(this.deploy, "nothing in it is deployed nor applied"), this.log.messages().toString());
        assertEquals("rwxrwxrwx", modeOf(this.deploy), "the folder is not changed");
    }

    @Test
    void givenAppliedConfiguration_whenItBecomesWritableByOthers_thenWithdrawn() throws Exception {
        givenDeployFolder("rwx------");
        Path cfg = givenFile("a.cfg", "x=1\n", "rw-------");
        whenWatched();
        eventually(() -> Files.exists(this.accepted.resolve("a.cfg")), "handed over");

        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-rw-rw-"));

        eventually(() -> !Files.exists(this.accepted.resolve("a.cfg")), "withdrawn from FileInstall");
    }

    @Test
    void givenSymbolicLink_whenWatched_thenRefused() throws Exception {
        givenDeployFolder("rwx------");
        Path target = Files.writeString(this.root.resolve("elsewhere.jar"), "jar");
        Path link = Files.createSymbolicLink(this.deploy.resolve("link.jar"), target);

        whenWatched();
        whenPolledAFewTimes();

        assertEquals(List.of(), this.deployed);
        assertTrue(refusedLogged(link, "not a regular file"), this.log.messages().toString());
    }

    @Test
    void givenFileOfAnotherUser_whenWatched_thenRefused() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "only root can give a file to another user; skipped when not run as root");
        givenDeployFolder("rwx------");
        Path jar = givenFile("theirs.jar", "jar", "rw-r--r--");
        UserPrincipal nobody = jar.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(jar, nobody);

        whenWatched();
        whenPolledAFewTimes();

        assertEquals(List.of(), this.deployed);
        assertTrue(refusedLogged(jar, "neither the runtime's user"), this.log.messages().toString());
    }

    @Test
    void givenFileInstallReadsTheDeployFolderItself_whenWatched_thenWarned() throws Exception {
        this.properties.put(DeployFolder.FILEINSTALL_DIR, this.deploy.toString());

        whenWatched();

        assertTrue(this.log.warned("applied without the owner and mode check"), this.log.messages().toString());
    }
}
