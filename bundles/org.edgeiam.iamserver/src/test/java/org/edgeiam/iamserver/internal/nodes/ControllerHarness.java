package org.edgeiam.iamserver.internal.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.grpc.common.v2.ErrorInfo;
import org.edgeiam.grpc.iamanager.v6.CertTypes;
import org.edgeiam.grpc.iamanager.v6.CreateKeyResponse;
import org.edgeiam.grpc.iamanager.v6.GetCertTypesRequest;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMPublicNodesServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.PauseNodeRequest;
import org.edgeiam.grpc.iamanager.v6.PauseNodeResponse;
import org.edgeiam.iamserver.internal.GrpcService;
import org.edgeiam.iamserver.internal.ServerKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/** A node controller behind a public and a protected gRPC server on loopback (plaintext). */
abstract class ControllerHarness {
    static final long TIMEOUT_MS = 600;
    private static final Duration TIMEOUT = Duration.ofMillis(TIMEOUT_MS);
    private static final Duration RETRY = Duration.ofMillis(150);

    static final Metadata.Key<String> CLIENT_KEY_HEADER = Metadata.Key.of("x-test-client-key",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> CLIENT_KEY = Context.key("test-client-key");
    static final Metadata.Key<String> REMOTE_HEADER = Metadata.Key.of("x-test-remote", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> REMOTE = Context.key("test-remote");
    static final Duration GRACE = Duration.ofMillis(300);
    static final Duration SILENCE = Duration.ofMillis(1500);
    static final int PUBLIC_MAX = 4;

    final MemoryNodes nodes = new MemoryNodes();
    final NodeController controller = new NodeController(new ForwardPolicy(TIMEOUT, TIMEOUT, 3, RETRY),
            new RegisterPolicy(GRACE, SILENCE, PUBLIC_MAX));
    final ExecutorService callers = Executors.newCachedThreadPool();
    Server publicServer;
    Server protectedServer;
    ManagedChannel publicChannel;
    ManagedChannel protectedChannel;

    @BeforeEach
    void start() throws IOException {
        controller.bind(nodes, nodes);
        publicServer = server(GrpcService.PUBLIC);
        protectedServer = server(GrpcService.PROTECTED);
        publicChannel = channel(publicServer);
        protectedChannel = channel(protectedServer);
    }

    private Server server(String kind) throws IOException {
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new IAMPublicNodesServiceGrpc.IAMPublicNodesServiceImplBase() {
                    @Override
                    public StreamObserver<IAMOutgoingMessages> registerNode(
                            StreamObserver<IAMIncomingMessages> response) {
                        return controller.register(response, ServerKind.isPublic(),
                                Optional.ofNullable(CLIENT_KEY.get()),
                                REMOTE.get() != null ? REMOTE.get() : ServerKind.remoteHost());
                    }
                }).intercept(ServerKind.interceptor(kind)).intercept(new ServerInterceptor() {
                    @Override
                    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                            ServerCallHandler<Q, R> next) {
                        // stands in for the client certificate of mutual TLS (tested in the itests)
                        return Contexts.interceptCall(Context.current().withValue(CLIENT_KEY,
                                headers.get(CLIENT_KEY_HEADER)).withValue(REMOTE, headers.get(REMOTE_HEADER)), call,
                                headers, next);
                    }
                }).build().start();
    }

    private static ManagedChannel channel(Server server) {
        return NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        callers.shutdownNow();
        publicChannel.shutdownNow();
        protectedChannel.shutdownNow();
        publicServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        protectedServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A node the main node knows as provisioned (before key pins existed, or pins lost). */
    void givenProvisioned(String nodeId) {
        nodes.setNodeInfo(org.edgeiam.api.node.NodeInfo.builder(nodeId).state(org.edgeiam.api.node.NodeState.PROVISIONED)
                .build(), false);
    }

    static IAMIncomingMessages certTypesRequest(String nodeId) {
        return IAMIncomingMessages.newBuilder().setGetCertTypesRequest(GetCertTypesRequest.newBuilder()
                .setNodeId(nodeId)).build();
    }

    static IAMOutgoingMessages certTypesReply(String... types) {
        return IAMOutgoingMessages.newBuilder().setCertTypesResponse(CertTypes.newBuilder()
                .addAllTypes(List.of(types))).build();
    }

    static IamException failure(Future<?> call) throws Exception {
        try {
            call.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (IamException) e.getCause();
        }
        throw new AssertionError("the call did not fail");
    }

    static void await(BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 5 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
