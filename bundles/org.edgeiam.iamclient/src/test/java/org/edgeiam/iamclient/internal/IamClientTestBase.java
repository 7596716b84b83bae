package org.edgeiam.iamclient.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.edgeiam.api.node.NodeState;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

/**
 * Shared setup of the client tests: a test CA, a TLS public main server and a mutual TLS
 * protected one on 127.0.0.1, fake local backends (node {@code unprovisioned}, an {@code iam}
 * client certificate), a {@link TestConfig} pointing at both servers with a 200 ms reconnect
 * interval, and given/when/then steps. Client and servers are stopped after each test.
 */
abstract class IamClientTestBase {
    static final long WAIT_SECONDS = TestMain.WAIT_SECONDS;
    static final String CLIENT_CN = "CN=" + FakeCurrentNode.NODE_ID;

    @TempDir
    Path dir;
    TestPki pki;
    TestMain publicMain;
    TestMain protectedMain;
    FakeCurrentNode node;
    FakeProvisionManager provisioning;
    FakeCertHandler certs;
    TestConfig config;
    IamClient client;

    @BeforeEach
    void givenMainAndBackends() throws Exception {
        pki = new TestPki("test CA");
        publicMain = new TestMain(pki.server()).start();
        protectedMain = new TestMain(pki.mutualServer()).start();
        node = new FakeCurrentNode(NodeState.UNPROVISIONED);
        provisioning = new FakeProvisionManager(node);
        certs = new FakeCertHandler();
        certs.setKey("iam", pki.clientKey(FakeCurrentNode.NODE_ID));
        config = new TestConfig().publicUrl(publicMain.url()).protectedUrl(protectedMain.url())
                .caCert(pki.writeCa(dir.resolve("ca.pem")).toString());
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.deactivate();
        }
        publicMain.stop();
        protectedMain.stop();
    }

    /** Replaces the public main server by one with {@code tls} ({@code null}: plaintext). */
    void givenPublicMain(SslContext tls) throws Exception {
        publicMain.stop();
        publicMain = new TestMain(tls).start();
        config.publicUrl(publicMain.url());
    }

    void givenNodeState(NodeState state) throws Exception {
        node.setState(state);
    }

    /** Binds the fake backends (no identifier) and activates the client. */
    IamClient whenClientStarts() throws Exception {
        client = new IamClient();
        client.bindCurrentNode(node);
        client.bindProvisionManager(provisioning);
        client.bindCertHandler(certs);
        client.activate(config);
        return client;
    }

    /**
     * Starts the client and waits for its stream on {@code main}, whose first message must be this
     * node's NodeInfo.
     */
    TestMain.Stream givenRegisteredAt(TestMain main) throws Exception {
        whenClientStarts();
        return thenRegistersAt(main, node.nodeInfo().state());
    }

    /** Asserts that the next stream on {@code main} starts with NodeInfo in {@code state}. */
    static TestMain.Stream thenRegistersAt(TestMain main, NodeState state) throws InterruptedException {
        TestMain.Stream stream = main.nextStream();
        IAMOutgoingMessages first = stream.next();
        assertTrue(first.hasNodeInfo(), "NodeInfo first, got " + first);
        assertEquals(FakeCurrentNode.NODE_ID, first.getNodeInfo().getNodeId());
        assertEquals(state.wireName(), first.getNodeInfo().getState());
        return stream;
    }

    /** @return the main's request built by {@code fill} */
    static IAMIncomingMessages request(Consumer<IAMIncomingMessages.Builder> fill) {
        IAMIncomingMessages.Builder b = IAMIncomingMessages.newBuilder();
        fill.accept(b);
        return b.build();
    }

    /** Sends {@code request} and returns the next message of the client. */
    static IAMOutgoingMessages whenRequested(TestMain.Stream stream, IAMIncomingMessages request)
            throws InterruptedException {
        stream.send(request);
        return stream.next();
    }

    /** Waits, polling, until {@code condition} holds; fails after {@link #WAIT_SECONDS}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not " + what + " within " + WAIT_SECONDS + " s");
            Thread.sleep(10);
        }
    }

    static boolean clientThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith(ConnectionLoop.THREAD_NAME));
    }
}
