package org.edgeiam.launcher;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Writes the class-data archive (AppCDS) of this start once it is ready: every class loaded so
 * far (the JDK's, the framework's and the bundles') goes into one file that the next start maps
 * instead of loading, parsing and verifying them again. {@code bin/edgeiam} asks for it
 * ({@code -XX:+RecordDynamicDumpInfo -Dedgeiam.cds.dump=FILE}) when it finds no archive for the
 * installed JDK, options and jars; the dump is the JVM's own {@code VM.cds dynamic_dump}, run
 * through its diagnostic command bean, into a temporary file that is then moved into place, so
 * a start never sees half an archive.
 */
final class ClassDataArchive {
    private ClassDataArchive() {
    }

    /** @return the action that writes the archive, or null when none is asked for */
    static Runnable dumper(String file) {
        if (file == null || file.isBlank()) {
            return null;
        }
        return () -> dump(Path.of(file).toAbsolutePath());
    }

    private static void dump(Path target) {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(temp);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName dcmd = new ObjectName("com.sun.management:type=DiagnosticCommand");
            Object out = server.invoke(dcmd, "vmCds", new Object[] {new String[] {"dynamic_dump", temp.toString()}},
                    new String[] {String[].class.getName()});
            if (!Files.isRegularFile(temp)) {
                Main.say("class-data archive not written: " + String.valueOf(out).strip());
                return;
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Main.say(String.format("class-data archive %s written in %d ms: later starts use it", target,
                    (System.nanoTime() - t0) / 1_000_000));
        } catch (JMException | java.io.IOException | RuntimeException e) {
            Main.say("class-data archive not written: " + e);
        }
    }
}
