package org.edgeiam.iamclient.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.edgeiam.api.node.NodeState;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.testutil.LogCapture;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;

/**
 * The connection: NodeInfo first and on change, the server and credentials chosen by the node's
 * state, moving between the servers, certificate changes, reconnects and deactivation. TLS versus
 * plaintext on the public server is {@link IamClientPlaintextTest}.
 */
class IamClientConnectionTest extends IamClientTestBase {

    @Test
    void nodeInfoFirstThenOnEveryChange() throws Exception {
        TestMain.Stream stream = givenRegisteredAt(publicMain);
        assertNull(stream.peer, "TLS without a client certificate on the public server");

        node.change(node.nodeInfo().toBuilder().title("renamed").build());

        IAMOutgoingMessages info = stream.next();
        assertEquals("renamed", info.getNodeInfo().getTitle());
        assertEquals("x86_64", info.getNodeInfo().getCpus(0).getArchInfo().getArchitecture());
        assertEquals(4096, info.getNodeInfo().getPartitions(0).getTotalSize());
        assertEquals("iam,sm", info.getNodeInfo().getAttrs(0).getValue());
    }

    @Test
    void serverHostNameIsVerified() throws Exception {
        givenPublicMain(pki.server(false, "otherhost", null));
        try (LogCapture log = new LogCapture(ConnectionLog.class)) {
            whenClientStarts();

            await("two failed attempts", () -> log.messages().stream().filter(m -> m.contains("(TLS)")).count() >= 2);
            assertNull(publicMain.streams.poll(0, TimeUnit.SECONDS));
        }
    }

    @Test
    void provisionedNodeUsesMutualTlsOnTheProtectedServer() throws Exception {
        givenNodeState(NodeState.PROVISIONED);

        TestMain.Stream stream = givenRegisteredAt(protectedMain);

        assertEquals(CLIENT_CN, stream.peer);
        assertTrue(publicMain.streams.isEmpty());
    }

    @Test
    void missingClientCertificateIsWarnedOnceAndAppliedOneConnects() throws Exception {
        givenNodeState(NodeState.PROVISIONED);
        certs = new FakeCertHandler();
        try (LogCapture log = new LogCapture(ConnectionLoop.class)) {
            whenClientStarts();
            await("three attempts", () -> log.messages().stream().filter(m -> m.contains("no iam certificate")
                    || m.contains("still no iam certificate")).count() >= 3);

            certs.setKey("iam", pki.clientKey("node-1"));

            assertEquals(CLIENT_CN, thenRegistersAt(protectedMain, NodeState.PROVISIONED).peer);
            assertEquals(1, log.messages().stream().filter(m -> m.startsWith("no iam certificate")).count());
            assertTrue(log.warned("no iam certificate for mutual TLS with the main IAM while provisioned"));
        }
    }

    @Test
    void changedClientCertificateReconnectsWithIt() throws Exception {
        givenNodeState(NodeState.PROVISIONED);
        TestMain.Stream first = givenRegisteredAt(protectedMain);

        certs.setKey("iam", pki.clientKey("node-1-renewed"));

        first.awaitEnd();
        assertEquals("CN=node-1-renewed", thenRegistersAt(protectedMain, NodeState.PROVISIONED).peer);
    }

    @Test
    void finishProvisioningMovesTheNodeToTheProtectedServer() throws Exception {
        TestMain.Stream onPublic = givenRegisteredAt(publicMain);

        IAMOutgoingMessages reply = whenRequested(onPublic, IamClientRequestsTest.finish("pw"));

        assertTrue(reply.hasFinishProvisioningResponse() && !reply.getFinishProvisioningResponse().hasError());
        onPublic.awaitEnd();
        assertTrue(onPublic.received.isEmpty(), "nothing after the response: " + onPublic.received);
        assertEquals(CLIENT_CN, thenRegistersAt(protectedMain, NodeState.PROVISIONED).peer);
    }

    @Test
    void deprovisionMovesTheNodeBackToThePublicServer() throws Exception {
        givenNodeState(NodeState.PAUSED);
        TestMain.Stream onProtected = givenRegisteredAt(protectedMain);

        IAMOutgoingMessages reply = whenRequested(onProtected, IamClientRequestsTest.deprovision("pw"));

        assertTrue(reply.hasDeprovisionResponse() && !reply.getDeprovisionResponse().hasError());
        onProtected.awaitEnd();
        thenRegistersAt(publicMain, NodeState.UNPROVISIONED);
    }

    @Test
    void reconnectsWhenTheMainIsBackOnTheSamePort() throws Exception {
        givenNodeState(NodeState.PROVISIONED);
        givenRegisteredAt(protectedMain);
        try (LogCapture log = new LogCapture(ConnectionLog.class)) {
            protectedMain.stop();
            await("a failed attempt while the main is away", () -> log.messages().stream()
                    .anyMatch(m -> m.startsWith("cannot connect to the main IAM's protected server")));
        }
        long restarted = System.nanoTime();
        protectedMain.start();

        thenRegistersAt(protectedMain, NodeState.PROVISIONED);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);
        assertTrue(tookMs <= 200 + 1000, "registered again after " + tookMs + " ms");
    }

    @Test
    void waitsForTheCurrentNode() throws Exception {
        client = new IamClient();
        client.bindCertHandler(certs);
        client.activate(config);
        assertNull(publicMain.streams.poll(300, TimeUnit.MILLISECONDS));

        client.bindCurrentNode(node);

        thenRegistersAt(publicMain, NodeState.UNPROVISIONED);
    }

    @Test
    void deactivationCancelsTheStreamAndEndsTheThread() throws Exception {
        TestMain.Stream stream = givenRegisteredAt(publicMain);

        client.deactivate();
        client = null;

        stream.awaitEnd();
        await("client thread ended", () -> !clientThreadAlive());
        assertEquals(0, node.subscribers());
        assertEquals(0, certs.subscribers("iam"));
    }

    @Test
    void passwordsAreNeverLogged() throws Exception {
        Class<?>[] classes = {IamClient.class, ConnectionLoop.class, Session.class, Requests.class,
            ConnectionLog.class, Backends.class};
        LogCapture[] logs = new LogCapture[classes.length];
        for (int i = 0; i < classes.length; i++) {
            logs[i] = new LogCapture(classes[i]);
        }
        try {
            TestMain.Stream stream = givenRegisteredAt(publicMain);
            String secret = IamClientRequestsTest.PASSWORD;
            whenRequested(stream, IamClientRequestsTest.start(secret));
            whenRequested(stream, IamClientRequestsTest.deprovision(secret));
            whenRequested(stream, IamClientRequestsTest.createKey("iam", "subject"));
            whenRequested(stream, IamClientRequestsTest.finish(secret));
            thenRegistersAt(protectedMain, NodeState.PROVISIONED);

            for (LogCapture log : logs) {
                assertTrue(log.messages().stream().noneMatch(m -> m.contains(secret)), log.messages().toString());
            }
            assertTrue(logs[3].logged(Level.DEBUG, "START_PROVISIONING_REQUEST") || logs[2].logged(Level.DEBUG,
                    "START_PROVISIONING_REQUEST"), "requests are logged, without their passwords");
        } finally {
            for (LogCapture log : logs) {
                log.close();
            }
        }
    }
}
