package org.edgeiam.keystore.soft.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.edgeiam.spi.keystore.StoredEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entries of a store directory: per id a certificate chain {@code <id>.pem}, a key
 * {@code <id>.key}, or both. Listing reports complete entries and orphans, including a
 * {@code .pem} that does not parse (without certificate, so that it is removed as an orphan);
 * temporary files of interrupted writes are never listed. Deleting all removes the entries and
 * such temporary files, nothing else.
 */
final class StoreEntries {
    private static final Logger LOG = LoggerFactory.getLogger(StoreEntries.class);

    private StoreEntries() {
    }

    /** @return the entries by id, or none if the store directory does not exist */
    static List<StoredEntry> list(StoreLayout layout, KeyCodec codec) throws IOException {
        SortedSet<String> ids = new TreeSet<>();
        for (Path file : files(layout)) {
            if (SecureFiles.isFile(file)) {
                layout.idOf(file).ifPresent(ids::add);
            }
        }
        List<StoredEntry> entries = new ArrayList<>(ids.size());
        for (String id : ids) {
            Path certFile = layout.certFile(id);
            Path keyFile = layout.keyFile(id);
            boolean hasCert = SecureFiles.isFile(certFile);
            Optional<X509Certificate> leaf = hasCert ? leaf(layout, codec, certFile) : Optional.empty();
            entries.add(new StoredEntry(hasCert ? Optional.of(StoreLayout.url(certFile)) : Optional.empty(),
                    SecureFiles.isFile(keyFile) ? Optional.of(StoreLayout.url(keyFile)) : Optional.empty(), leaf));
        }
        return entries;
    }

    private static Optional<X509Certificate> leaf(StoreLayout layout, KeyCodec codec, Path certFile)
            throws IOException {
        byte[] content = Files.readAllBytes(certFile);
        try {
            return Optional.of(codec.parseChain(content).get(0));
        } catch (IOException e) {
            LOG.warn("soft store {}: certificate file {} does not parse, listed as an orphan: {}",
                    layout.certType(), certFile, e.getMessage());
            return Optional.empty();
        }
    }

    /** @return how many entry and temporary files were deleted */
    static int deleteAll(StoreLayout layout) throws IOException {
        int deleted = 0;
        for (Path file : files(layout)) {
            if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)
                    && (layout.isEntry(file) || isTemporaryEntry(file)) && Files.deleteIfExists(file)) {
                deleted++;
            }
        }
        if (deleted > 0) {
            SecureFiles.syncDirectory(layout.dir());
        }
        return deleted;
    }

    /** Deletes files after a failure, logging (not throwing) what cannot be deleted. */
    static void deleteQuietly(List<Path> files) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.error("cannot delete {} after a failed write: {}", file, e.toString());
            }
        }
    }

    /** @return whether the file is a temporary file of {@link SecureFiles} for an entry */
    private static boolean isTemporaryEntry(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(SecureFiles.TEMP_SUFFIX)
                && (name.contains(StoreLayout.KEY + ".") || name.contains(StoreLayout.PEM + "."));
    }

    private static List<Path> files(StoreLayout layout) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(layout.dir())) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(layout.dir())) {
            stream.forEach(files::add);
        }
        return files;
    }
}
