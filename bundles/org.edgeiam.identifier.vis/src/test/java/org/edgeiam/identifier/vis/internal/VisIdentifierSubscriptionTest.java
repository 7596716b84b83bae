package org.edgeiam.identifier.vis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.edgeiam.api.Subscription;
import org.junit.jupiter.api.Test;
import org.edgeiam.testutil.LogCapture;

import ch.qos.logback.classic.Level;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Subjects notifications: flat and keyed values reach the subscribers when the subjects change;
 * frames for unknown subscriptions, malformed frames and values over the limits are ignored
 * without ending the connection. Each test ends with a valid notification, which arrives after
 * everything sent before it was handled.
 */
class VisIdentifierSubscriptionTest extends VisIdentifierTestBase {
    private final BlockingQueue<List<String>> received = new LinkedBlockingQueue<>();

    private void givenSubscribed() throws InterruptedException {
        givenConnected();
        this.identifier.subscribeSubjectsChanged(this.received::add);
    }

    private void thenOnlyThisArrives(String... subjects) throws Exception {
        this.server.push(SUBJECTS_PATH, array(subjects), false);
        assertEquals(List.of(subjects), next(this.received));
        assertEquals(1, this.server.connections(), "the connection stayed up");
    }

    @Test
    void subscriptionNotificationWithFlatValue() throws Exception {
        givenSubscribed();

        this.server.push(SUBJECTS_PATH, array("subject3", "subject4"), false);

        assertEquals(List.of("subject3", "subject4"), next(this.received));
        this.server.silent = true;
        assertEquals(List.of("subject3", "subject4"), this.identifier.subjects(), "served from the cache");
    }

    @Test
    void subscriptionNotificationWithNestedValue() throws Exception {
        givenSubscribed();

        this.server.push(SUBJECTS_PATH, array("subject5"), true);

        assertEquals(List.of("subject5"), next(this.received));
    }

    @Test
    void frameWithARequestIdThatIsNotPendingIsANotification() throws Exception {
        givenSubscribed();

        this.server.sendRaw("{\"action\":\"subscription\",\"requestId\":\"not-pending\",\"subscriptionId\":\""
                + this.server.subscriptionId(SUBJECTS_PATH) + "\",\"value\":[\"subject14\"]}");

        assertEquals(List.of("subject14"), next(this.received));
    }

    @Test
    void notificationForUnknownSubscriptionIdIsIgnored() throws Exception {
        givenSubscribed();

        this.server.pushTo("unknown-subscription", array("intruder"));

        thenOnlyThisArrives("subject6");
    }

    @Test
    void invalidPayloadIsIgnored() throws Exception {
        givenSubscribed();
        String subscriptionId = this.server.subscriptionId(SUBJECTS_PATH);
        try (LogCapture log = new LogCapture(VisClient.class)) {
            this.server.sendRaw("not json");
            this.server.sendRaw("[\"an\", \"array\"]");
            this.server.sendRaw("{\"action\":\"subscription\",\"subscriptionId\":\"" + subscriptionId + "\"}");
            this.server.sendRaw("{\"action\":\"subscription\",\"subscriptionId\":{\"a\":1},\"value\":[]}");
            this.server.sendRaw("{\"action\":\"subscription\",\"value\":[\"x\"]}");
            this.server.sendRaw("{\"action\":\"subscription\"," + "x".repeat(1000));
            this.server.ping();

            thenOnlyThisArrives("subject7");

            assertTrue(log.logged(Level.WARN, "Ignoring malformed frame from VIS server " + this.server.url()
                    + " (not JSON): not json"));
            assertTrue(log.logged(Level.WARN, "(not a JSON object)"));
            assertTrue(log.logged(Level.WARN, "(subscriptionId is not a string)"));
            assertTrue(log.logged(Level.WARN, "x".repeat(150) + "…"), "long frames are cut");
            assertTrue(log.messages().stream().allMatch(m -> m.length() < 400), "nothing long is logged");
        }
    }

    @Test
    void notificationWithWrongValueTypeIsIgnored() throws Exception {
        givenSubscribed();
        try (LogCapture log = new LogCapture(VisIdentifier.class)) {
            this.server.push(SUBJECTS_PATH, new JsonPrimitive(42), false);
            this.server.push(SUBJECTS_PATH, new JsonPrimitive("subject1"), true);
            this.server.push(SUBJECTS_PATH, new JsonObject(), false);
            JsonArray mixed = array("subject1");
            mixed.add(1);
            this.server.push(SUBJECTS_PATH, mixed, false);

            thenOnlyThisArrives("subject13");
            assertTrue(log.logged(Level.WARN, "Ignoring subjects notification from VIS server " + this.server.url()
                    + ": VIS value of " + SUBJECTS_PATH + " is not an array of strings: 42"));
            assertTrue(log.logged(Level.WARN, "is not an array of strings: \"subject1\""));
            assertTrue(log.logged(Level.WARN, "is not an array of strings: {}"));
            assertTrue(log.logged(Level.WARN, "is not an array of strings: [\"subject1\",1]"));
        }
    }

    @Test
    void valueExceedingMaxIsIgnored() throws Exception {
        givenSubscribed();
        try (LogCapture log = new LogCapture(VisIdentifier.class)) {
            String[] tooMany = new String[VisMessages.MAX_SUBJECTS + 1];
            Arrays.setAll(tooMany, i -> "subject" + i);
            this.server.push(SUBJECTS_PATH, array(tooMany), false);
            this.server.push(SUBJECTS_PATH, array("s".repeat(VisMessages.MAX_SUBJECT_LENGTH + 1)), false);

            thenOnlyThisArrives("subject8");
            assertTrue(log.logged(Level.WARN, "subjects has 65 entries, more than the limit of 64"));
            assertTrue(log.logged(Level.WARN, "subject has 65 characters, more than the limit of 64"));
        }
    }

    @Test
    void listenersAreToldOnlyWhenTheSubjectsChange() throws Exception {
        givenSubscribed();

        this.server.push(SUBJECTS_PATH, array("subject9"), false);
        assertEquals(List.of("subject9"), next(this.received));
        this.server.push(SUBJECTS_PATH, array("subject9"), true);

        // notifications come in order, so one for the repeat would come first
        thenOnlyThisArrives("subject10");
    }

    @Test
    void subjectsReadFirstAreNotToldButChangesAre() throws Exception {
        givenSubscribed();
        assertEquals(SUBJECTS, this.identifier.subjects());

        this.server.push(SUBJECTS_PATH, array(SUBJECTS.toArray(String[]::new)), false);

        thenOnlyThisArrives("subject11");
    }

    @Test
    void closedSubscriptionGetsNothing() throws Exception {
        givenConnected();
        BlockingQueue<List<String>> first = new LinkedBlockingQueue<>();
        Subscription subscription = this.identifier.subscribeSubjectsChanged(first::add);
        this.identifier.subscribeSubjectsChanged(this.received::add);

        subscription.close();

        thenOnlyThisArrives("subject12");
        // the first listener would be called before the second in the same delivery
        assertTrue(first.isEmpty(), "a closed subscription gets nothing");
    }
}
