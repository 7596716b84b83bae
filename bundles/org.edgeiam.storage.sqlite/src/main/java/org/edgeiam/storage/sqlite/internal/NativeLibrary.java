package org.edgeiam.storage.sqlite.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite's native library, kept in this bundle's data area (one copy per sqlite-jdbc version and
 * platform) and loaded from there. Left alone, sqlite-jdbc writes the library to the temporary
 * folder and compares it byte by byte with the one in its jar at every start, about 70 ms of each
 * start of a gateway. Nothing is done when the JVM was told where the library is
 * ({@code org.sqlite.lib.path}) or the jar has none for this platform; if the copy cannot be
 * loaded, sqlite-jdbc falls back to its own extraction.
 */
final class NativeLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);
    static final String PATH = "org.sqlite.lib.path";
    static final String NAME = "org.sqlite.lib.name";

    private NativeLibrary() {
    }

    /** @param dataArea this bundle's data folder for native code, or null outside a framework */
    static void prepare(Path dataArea) {
        if (dataArea == null || System.getProperty(PATH) != null) {
            return;
        }
        String folder = OSInfo.getNativeLibFolderPathForCurrentOS();
        String name = System.mapLibraryName("sqlitejdbc").replace(".jnilib", ".dylib");
        Path dir = dataArea.resolve(SQLiteJDBCLoader.getVersion()).resolve(folder);
        Path lib = dir.resolve(name);
        try {
            if (!Files.isRegularFile(lib)) {
                try (InputStream in = OSInfo.class.getResourceAsStream("/org/sqlite/native/" + folder + "/" + name)) {
                    if (in == null) {
                        return;
                    }
                    Files.createDirectories(dir);
                    Path temp = Files.createTempFile(dir, name, ".tmp");
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(temp, lib, StandardCopyOption.ATOMIC_MOVE);
                }
                LOG.debug("SQLite native library copied to {}", lib);
            }
            System.setProperty(PATH, dir.toString());
            System.setProperty(NAME, name);
        } catch (IOException | RuntimeException e) {
            LOG.debug("SQLite native library not kept ({}): sqlite-jdbc extracts it itself", e.toString());
        }
    }
}
