package org.edgeiam.keystore.soft.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

/**
 * Where the files of one cert type's soft store are: the store directory with
 * {@code <id>.key} and {@code <id>.pem} per stored certificate, the owner verifier
 * {@code .owner} in it, and the user PIN file. Also turns entry files into {@code file:} URLs and
 * back, accepting only URLs of entry files directly inside the store directory, so a caller can
 * never make the store read or delete any other file.
 */
final class StoreLayout {
    static final String PARAM_STORE_PATH = "storePath";
    static final String PARAM_USER_PIN_PATH = "userPinPath";
    static final String DEFAULT_PIN_FILE = ".usrpin";
    static final String OWNER_FILE = ".owner";
    static final String KEY = ".key";
    static final String PEM = ".pem";

    /** Entry ids: what generateKey makes (hex), plus other plain names; never hidden files. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    private final String certType;
    private final Path dir;
    private final Path pinFile;

    private StoreLayout(String certType, Path dir, Path pinFile) {
        this.certType = certType;
        this.dir = dir;
        this.pinFile = pinFile;
    }

    /**
     * @param certType the cert type
     * @param params the module parameters ({@code storePath} required, {@code userPinPath})
     * @return the layout; nothing is checked or created on disk
     * @throws IamException {@code INVALID_ARGUMENT} naming the missing or bad parameter
     */
    static StoreLayout of(String certType, Map<String, String> params) throws IamException {
        if (certType == null || certType.isBlank()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "the cert type of a soft store is empty");
        }
        Map<String, String> p = params == null ? Map.of() : params;
        String store = p.get(PARAM_STORE_PATH);
        if (store == null || store.isBlank()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "softmodule parameter " + PARAM_STORE_PATH
                    + " of cert type " + certType + " is missing");
        }
        Path dir = path(certType, PARAM_STORE_PATH, store);
        String pin = p.get(PARAM_USER_PIN_PATH);
        Path pinFile = pin == null || pin.isBlank() ? dir.resolve(DEFAULT_PIN_FILE)
                : path(certType, PARAM_USER_PIN_PATH, pin);
        StoreLayout layout = new StoreLayout(certType, dir, pinFile);
        if (layout.isEntry(pinFile) || pinFile.equals(layout.ownerFile()) || pinFile.equals(dir)) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "softmodule parameter " + PARAM_USER_PIN_PATH
                    + " of cert type " + certType + " names a file the store manages: " + pinFile);
        }
        return layout;
    }

    private static Path path(String certType, String param, String value) throws IamException {
        try {
            return Path.of(value.trim()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "softmodule parameter " + param + " of cert type "
                    + certType + " is not a valid path: " + e.getMessage(), e);
        }
    }

    String certType() {
        return this.certType;
    }

    Path dir() {
        return this.dir;
    }

    Path pinFile() {
        return this.pinFile;
    }

    Path ownerFile() {
        return this.dir.resolve(OWNER_FILE);
    }

    Path keyFile(String id) {
        return this.dir.resolve(id + KEY);
    }

    Path certFile(String id) {
        return this.dir.resolve(id + PEM);
    }

    /** @return the {@code file:} URL of a file of this store */
    static String url(Path file) {
        return file.toUri().toString();
    }

    /** @return the id of an entry file ({@code <id>.key} or {@code <id>.pem}) of this store */
    Optional<String> idOf(Path file) {
        if (!this.dir.equals(file.getParent())) {
            return Optional.empty();
        }
        String name = file.getFileName().toString();
        for (String suffix : new String[] {KEY, PEM}) {
            if (name.endsWith(suffix)) {
                String id = name.substring(0, name.length() - suffix.length());
                return ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    boolean isEntry(Path file) {
        return idOf(file).isPresent();
    }

    /** @throws IamException {@code INVALID_ARGUMENT} unless the URL names a certificate file of this store */
    Path certPath(String url) throws IamException {
        return entryPath(url, PEM, "certificate");
    }

    /** @throws IamException {@code INVALID_ARGUMENT} unless the URL names a key file of this store */
    Path keyPath(String url) throws IamException {
        return entryPath(url, KEY, "key");
    }

    private Path entryPath(String url, String suffix, String what) throws IamException {
        Path file;
        try {
            URI uri = new URI(url == null ? "" : url.trim());
            if (!"file".equalsIgnoreCase(uri.getScheme())) {
                throw invalidUrl(what, url, "not a file: URL");
            }
            file = Path.of(uri).normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw invalidUrl(what, url, e.getMessage());
        }
        if (!isEntry(file) || !file.getFileName().toString().endsWith(suffix)) {
            throw invalidUrl(what, url, "not a " + suffix + " file of " + this.dir);
        }
        return file;
    }

    private IamException invalidUrl(String what, String url, String why) {
        return new IamException(ErrorCode.INVALID_ARGUMENT, what + " URL '" + url + "' is outside soft store "
                + this.certType + ": " + why);
    }
}
