package org.edgeiam.identifier.file.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the file identifier's files, as the AosEdge fileidentifier does: the system ID is the
 * whole trimmed content of its file, the unit model file holds {@code model;version}, and the
 * subjects are the non-empty trimmed lines of theirs. Problems with the first two fail with a
 * message naming the file and its property; problems with the subjects are logged and give the
 * list the identifier should use instead.
 */
final class IdentityFiles {
    static final int MAX_SUBJECTS = 64;
    static final int MAX_SUBJECT_LENGTH = 64;
    private static final Logger LOG = LoggerFactory.getLogger(IdentityFiles.class);

    /** The unit model and its version. */
    record UnitModel(String model, String version) {
    }

    private IdentityFiles() {
    }

    /**
     * @return {@code value} as a path
     * @throws IamException {@code INVALID_ARGUMENT} if it is empty or not a path
     */
    static Path path(String value, String property) throws IamException {
        if (value == null || value.isBlank()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    "property " + property + " must name a file");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    "property " + property + " is not a valid path: " + value, e);
        }
    }

    /**
     * @return the trimmed content of {@code file}
     * @throws IamException {@code NOT_FOUND} if it does not exist, {@code INVALID_ARGUMENT} if it
     *         is empty, {@code RUNTIME} if it cannot be read
     */
    static String systemId(Path file) throws IamException {
        String id = read(file, "system ID", "system.id.path").strip();
        if (id.isEmpty()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    "system ID file " + file + " (system.id.path) is empty");
        }
        return id;
    }

    /**
     * @return the two trimmed parts of the {@code model;version} in {@code file}
     * @throws IamException {@code NOT_FOUND} if it does not exist, {@code INVALID_ARGUMENT} if it
     *         does not hold exactly two non-empty parts, {@code RUNTIME} if it cannot be read
     */
    static UnitModel unitModel(Path file) throws IamException {
        String content = read(file, "unit model", "unit.model.path").strip();
        String[] parts = content.split(";", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "unit model file " + file
                    + " (unit.model.path) must hold model;version, not '" + shorten(content) + "'");
        }
        return new UnitModel(parts[0].strip(), parts[1].strip());
    }

    /**
     * @param file the subjects file
     * @param current the subjects in use now
     * @return the non-empty trimmed lines of {@code file}; nothing if it does not exist or breaks
     *         a limit; {@code current} if it cannot be read
     */
    static List<String> subjects(Path file, List<String> current) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            LOG.info("Subjects file {} does not exist: no subjects", file);
            return List.of();
        } catch (IOException e) {
            LOG.warn("Cannot read subjects file {}: {}; keeping the {} subjects in use", file,
                    e.toString(), current.size());
            return current;
        }
        List<String> subjects = content.lines().map(String::strip)
                .filter(Predicate.not(String::isEmpty)).toList();
        if (subjects.size() > MAX_SUBJECTS) {
            LOG.warn("Subjects file {} has {} subjects, more than the limit of {}: no subjects",
                    file, subjects.size(), MAX_SUBJECTS);
            return List.of();
        }
        for (String subject : subjects) {
            if (subject.length() > MAX_SUBJECT_LENGTH) {
                LOG.warn("Subjects file {} has a subject of {} characters, more than the limit "
                        + "of {}: '{}…'; no subjects", file, subject.length(),
                        MAX_SUBJECT_LENGTH, subject.substring(0, MAX_SUBJECT_LENGTH));
                return List.of();
            }
        }
        return subjects;
    }

    /** @return {@code text}, cut after 100 characters: a wrong file may be large */
    private static String shorten(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }

    private static String read(Path file, String what, String property) throws IamException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IamException(ErrorCode.NOT_FOUND,
                    what + " file " + file + " (" + property + ") does not exist", e);
        } catch (IOException e) {
            throw new IamException(ErrorCode.RUNTIME,
                    "cannot read " + what + " file " + file + " (" + property + "): " + e, e);
        }
    }
}
