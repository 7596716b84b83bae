package org.edgeiam.identifier.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.identity.SystemInfo;
import org.junit.jupiter.api.Test;
import org.edgeiam.testutil.LogCapture;

import ch.qos.logback.classic.Level;

/** Activation of {@link FileIdentifier} and what it reads, against the reference's cases (§9). */
class FileIdentifierInitTest extends FileIdentifierTestBase {

    @Test
    void initFailsOnEmptyConfig() {
        this.config = new TestConfig();
        whenActivated();
        thenActivationFails(ErrorCode.INVALID_ARGUMENT, "system.id.path", "must name a file");

        this.config = new TestConfig().systemIdPath(path("system-id"));
        whenActivated();
        thenActivationFails(ErrorCode.INVALID_ARGUMENT, "unit.model.path", "must name a file");
    }

    @Test
    void initFailsOnUnitVersionFileError() {
        for (String content : List.of("test-model", "test-model;1.0;extra", ";1.0", "model; ",
                "", "\n")) {
            givenFile("unit-model", content);
            whenActivated();
            thenActivationFails(ErrorCode.INVALID_ARGUMENT, path("unit-model"), "unit.model.path",
                    "'" + content.strip() + "'");
        }
    }

    @Test
    void initFailsOnSystemIDFileMissing() throws Exception {
        givenNoFile("system-id");
        whenActivated();
        thenActivationFails(ErrorCode.NOT_FOUND, path("system-id"), "system.id.path");
    }

    @Test
    void initFailsOnSystemIDFileEmpty() {
        givenFile("system-id", " \n");
        whenActivated();
        thenActivationFails(ErrorCode.INVALID_ARGUMENT, path("system-id"), "empty");
    }

    @Test
    void initFailsOnUnitModelFileMissing() throws Exception {
        givenNoFile("unit-model");
        whenActivated();
        thenActivationFails(ErrorCode.NOT_FOUND, path("unit-model"), "unit.model.path");
    }

    @Test
    void initFailsOnUnreadableSystemIDFile() throws Exception {
        givenNoFile("system-id");
        givenFile("system-id/occupied", "a directory where the file should be");
        whenActivated();
        thenActivationFails(ErrorCode.RUNTIME, path("system-id"), "system.id.path");
    }

    @Test
    void initSucceedsOnSubjectsFileMissing() throws Exception {
        givenNoFile("subjects");
        try (LogCapture log = new LogCapture(IdentityFiles.class)) {
            givenActivated();

            assertEquals(List.of(), this.identifier.subjects());
            assertTrue(log.logged(Level.INFO, path("subjects")), "an info log names the file");
        }
        assertTrue(this.identifier.watching(), "the file is watched until it appears");
    }

    @Test
    void initSucceedsWithoutSubjectsFile() throws Exception {
        this.config.subjectsPath("");
        givenActivated();

        assertEquals(List.of(), this.identifier.subjects());
        assertFalse(this.identifier.watching());
    }

    @Test
    void emptySubjectsOnSubjectsCountExceedsAppLimit() {
        givenFile("subjects", lines(IdentityFiles.MAX_SUBJECTS + 1));
        try (LogCapture log = new LogCapture(IdentityFiles.class)) {
            givenActivated();

            assertEquals(List.of(), this.identifier.subjects());
            assertTrue(log.logged(Level.WARN, "65 subjects, more than the limit of 64"));
            assertTrue(log.logged(Level.WARN, path("subjects")));
        }
        givenFile("subjects", lines(IdentityFiles.MAX_SUBJECTS));
        assertEquals(IdentityFiles.MAX_SUBJECTS, givenActivated().subjects().size());
    }

    @Test
    void emptySubjectsOnSubjectLenExceedsAppLimit() {
        givenFile("subjects", "subject1\n" + "s".repeat(IdentityFiles.MAX_SUBJECT_LENGTH + 1));
        try (LogCapture log = new LogCapture(IdentityFiles.class)) {
            givenActivated();

            assertEquals(List.of(), this.identifier.subjects());
            assertTrue(log.logged(Level.WARN, "65 characters, more than the limit of 64"));
        }
        givenFile("subjects", "subject1\n" + "s".repeat(IdentityFiles.MAX_SUBJECT_LENGTH));
        assertEquals(List.of("subject1", "s".repeat(64)), givenActivated().subjects());
    }

    @Test
    void emptySubjectsOnUnreadableSubjectsFile() throws Exception {
        givenNoFile("subjects");
        givenFile("subjects/occupied", "a directory where the file should be");
        try (LogCapture log = new LogCapture(IdentityFiles.class)) {
            givenActivated();

            assertEquals(List.of(), this.identifier.subjects());
            assertTrue(log.logged(Level.WARN, "Cannot read subjects file " + path("subjects")));
        }
    }

    @Test
    void getSystemInfo() {
        givenFile("system-id", "\n  " + SYSTEM_ID + " \t\n");
        givenFile("unit-model", "  test-model ; 1.0.0 \n");

        SystemInfo info = givenActivated().systemInfo();

        assertEquals(new SystemInfo(SYSTEM_ID, "test-model", "1.0.0"), info);
    }

    @Test
    void getSubjects() {
        givenFile("subjects", "\n  subject1 \r\n\n\tsubject2\nsubject1\n\n");

        List<String> subjects = givenActivated().subjects();

        assertEquals(List.of("subject1", "subject2", "subject1"), subjects);
        assertThrows(UnsupportedOperationException.class, () -> subjects.add("subject3"));
    }
}
