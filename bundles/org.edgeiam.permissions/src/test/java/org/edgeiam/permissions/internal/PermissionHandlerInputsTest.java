package org.edgeiam.permissions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.permissions.InstanceIdent;
import org.edgeiam.testutil.LogCapture;
import org.junit.jupiter.api.Test;

/**
 * {@link PermissionHandlerImpl} with hostile client strings: over-long instance IDs are refused
 * naming the field, and line breaks in IDs never reach a log line or message unescaped.
 */
class PermissionHandlerInputsTest extends PermissionHandlerTestBase {

    @Test
    void givenItemIdOverTheLimit_whenRegistered_thenInvalidArgumentNamingItemId() {
        whenRegistered(new InstanceIdent(text(PermissionLimits.MAX_ID_LENGTH + 1), "subject1", 1, 0, false),
                PERMISSIONS);

        thenFails(ErrorCode.INVALID_ARGUMENT, "itemId", "65 characters", "limit of 64");
        assertEquals(List.of(), this.handler.instances());
    }

    @Test
    void givenSubjectIdOverTheLimit_whenRegisteredOrUnregistered_thenInvalidArgumentNamingSubjectId() {
        InstanceIdent huge = new InstanceIdent("service1", text(1_000_000), 1, 0, false);

        whenRegistered(huge, PERMISSIONS);
        thenFails(ErrorCode.INVALID_ARGUMENT, "subjectId", "1000000 characters");
        assertTrue(this.failure.getMessage().length() < 300, "the huge ID is quoted cut short");
        IamException e = assertThrows(IamException.class, () -> this.handler.unregisterInstance(huge));
        thenIs(e, ErrorCode.INVALID_ARGUMENT, "subjectId");
    }

    @Test
    void givenIdsAtTheLimit_whenRegistered_thenAccepted() {
        String secret = givenRegistered(new InstanceIdent(text(64), text(64), Long.MAX_VALUE, 1, true), PERMISSIONS);

        assertTrue(secret.matches(SECRET), secret);
    }

    @Test
    void givenLineBreaksInClientStrings_whenLoggedOrInMessages_thenEscaped() throws Exception {
        InstanceIdent forged = new InstanceIdent("svc\r\n2026-01-01 INFO forged line", "subj\u2028x", 1, 0, false);
        try (LogCapture log = new LogCapture(PermissionHandlerImpl.class)) {
            String secret = givenRegistered(forged, permissions("vis\nforged", "*", "r"));
            IamException noServer = thenNotFound(secret, "unknown\r\nforged");
            whenRegistered(forged, servers(PermissionLimits.MAX_SERVERS + 1));
            this.handler.unregisterInstance(forged);
            IamException notRegistered = assertThrows(IamException.class,
                    () -> this.handler.unregisterInstance(forged));

            assertTrue(log.logged(ch.qos.logback.classic.Level.INFO, "svc\\u000d\\u000a2026"), log.messages()
                    .toString());
            List<String> texts = new java.util.ArrayList<>(log.messages());
            texts.add(noServer.getMessage());
            texts.add(this.failure.getMessage());
            texts.add(notRegistered.getMessage());
            for (String text : texts) {
                assertFalse(text.contains("\n") || text.contains("\r") || text.contains("\u2028"), text);
            }
        }
    }
}
