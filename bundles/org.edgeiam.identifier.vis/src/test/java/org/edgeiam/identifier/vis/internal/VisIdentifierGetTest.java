package org.edgeiam.identifier.vis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.identity.SystemInfo;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonPrimitive;

/**
 * {@code systemInfo()} and {@code subjects()} asking the VIS server: values bare or keyed by the
 * path, the cache, server errors, values over the limits, and the request timeout.
 */
class VisIdentifierGetTest extends VisIdentifierTestBase {

    @Test
    void getSystemInfo() throws Exception {
        givenConnected();

        assertEquals(new SystemInfo(VIN, "test-model", "1.0.0"), this.identifier.systemInfo());
        assertEquals(SYSTEM_ID_PATH, this.server.nextRequest("get").get("path").getAsString());
        assertEquals(UNIT_MODEL_PATH, this.server.nextRequest("get").get("path").getAsString());
    }

    @Test
    void getSystemInfoIsCachedForTheConnection() throws Exception {
        givenConnected();
        SystemInfo first = this.identifier.systemInfo();
        this.server.values.put(SYSTEM_ID_PATH, new JsonPrimitive("OTHERVIN"));

        assertEquals(first, this.identifier.systemInfo());
        this.identifier.subjects();

        this.server.nextRequest("get");
        this.server.nextRequest("get");
        // requests are recorded in order: a second VIN get would come before the subjects get
        assertEquals(SUBJECTS_PATH, this.server.nextRequest("get").get("path").getAsString());
    }

    @Test
    void getSubjects() throws Exception {
        givenConnected();

        assertEquals(SUBJECTS, this.identifier.subjects());
    }

    @Test
    void getValuesKeyedByPath() throws Exception {
        this.server.keyedByPath = true;
        givenConnected();

        assertEquals(new SystemInfo(VIN, "test-model", "1.0.0"), this.identifier.systemInfo());
        assertEquals(SUBJECTS, this.identifier.subjects());
    }

    @Test
    void getSystemInfoFailsWhenTheServerRefuses() throws Exception {
        this.server.errors.put(SYSTEM_ID_PATH, "VIN not available");
        givenConnected();

        thenFails(ErrorCode.FAILED, this.identifier::systemInfo, "refused get " + SYSTEM_ID_PATH, "VIN not available");

        this.server.errors.clear();
        assertEquals(VIN, this.identifier.systemInfo().systemId(), "a failure is not cached");
    }

    @Test
    void getSubjectsRequestFailed() throws Exception {
        this.server.errors.put(SUBJECTS_PATH, "no subjects here");
        givenConnected();

        thenFails(ErrorCode.FAILED, this.identifier::subjects, "refused get " + SUBJECTS_PATH, "no subjects here");
    }

    @Test
    void getSystemIdOfMaxLength() throws Exception {
        String max = "V".repeat(VisMessages.MAX_SYSTEM_ID_LENGTH);
        this.server.values.put(SYSTEM_ID_PATH, new JsonPrimitive(max));
        givenConnected();

        assertEquals(max, this.identifier.systemInfo().systemId());
    }

    @Test
    void getSystemIdExceedingMaxFails() throws Exception {
        this.server.values.put(SYSTEM_ID_PATH, new JsonPrimitive("V".repeat(VisMessages.MAX_SYSTEM_ID_LENGTH + 1)));
        givenConnected();

        thenFails(ErrorCode.NO_MEMORY, this.identifier::systemInfo, "system ID has 65 characters", "limit of 64");
    }

    @Test
    void getUnitModelFailures() throws Exception {
        givenConnected();
        this.server.values.put(UNIT_MODEL_PATH, new JsonPrimitive("model-without-version"));
        thenFails(ErrorCode.FAILED, this.identifier::systemInfo, "not model;version", "model-without-version");

        this.server.values.put(UNIT_MODEL_PATH, new JsonPrimitive("m".repeat(65) + ";1.0"));
        thenFails(ErrorCode.NO_MEMORY, this.identifier::systemInfo, "unit model has 65 characters");

        this.server.values.put(UNIT_MODEL_PATH, new JsonPrimitive(7));
        thenFails(ErrorCode.FAILED, this.identifier::systemInfo, UNIT_MODEL_PATH + " is not a string: 7");
    }

    @Test
    void getSubjectsOverTheLimitsFails() throws Exception {
        givenConnected();
        String[] tooMany = new String[VisMessages.MAX_SUBJECTS + 1];
        Arrays.setAll(tooMany, i -> "subject" + i);
        this.server.values.put(SUBJECTS_PATH, array(tooMany));
        thenFails(ErrorCode.NO_MEMORY, this.identifier::subjects, "subjects has 65 entries");

        this.server.values.put(SUBJECTS_PATH, array("s".repeat(65)));
        thenFails(ErrorCode.NO_MEMORY, this.identifier::subjects, "subject has 65 characters");

        this.server.values.put(SUBJECTS_PATH, new JsonPrimitive("subject1"));
        thenFails(ErrorCode.FAILED, this.identifier::subjects, "is not an array of strings");

        this.server.values.put(SUBJECTS_PATH, array());
        assertEquals(List.of(), this.identifier.subjects());
    }

    @Test
    void requestTimeoutFailsWithTimeoutAndKeepsTheConnection() throws Exception {
        this.config.webSocketTimeout("300ms");
        givenConnected();
        this.server.silent = true;

        thenFails(ErrorCode.TIMEOUT, this.identifier::systemInfo, "did not answer get " + SYSTEM_ID_PATH, "300 ms");

        this.server.silent = false;
        assertEquals(VIN, this.identifier.systemInfo().systemId());
        assertEquals(1, this.server.connections(), "a timeout does not reconnect");
    }
}
