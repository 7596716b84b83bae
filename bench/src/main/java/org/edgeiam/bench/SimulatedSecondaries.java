package org.edgeiam.bench;

import java.util.ArrayList;
import java.util.List;

import org.edgeiam.grpc.common.v2.ArchInfo;
import org.edgeiam.grpc.common.v2.OSInfo;
import org.edgeiam.grpc.iamanager.v6.CPUInfo;
import org.edgeiam.grpc.iamanager.v6.CreateKeyResponse;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMPublicNodesServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.NodeAttribute;
import org.edgeiam.grpc.iamanager.v6.NodeInfo;
import org.edgeiam.grpc.iamanager.v6.PartitionInfo;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.stub.StreamObserver;

/**
 * Secondary nodes simulated in one JVM: each has its own connection to the main node's public
 * server and a RegisterNode stream on which it sends a realistic NodeInfo and answers CreateKey
 * at once with a fixed CSR (so forwarding is measured, not key generation).
 */
final class SimulatedSecondaries implements AutoCloseable {
    private static final String CSR = "-----BEGIN CERTIFICATE REQUEST-----\n" + "A".repeat(560)
            + "\n-----END CERTIFICATE REQUEST-----\n";

    private final EventLoopGroup loop = new NioEventLoopGroup(1);
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<StreamObserver<IAMOutgoingMessages>> streams = new ArrayList<>();

    /**
     * @param port the main node's public server on 127.0.0.1
     * @param count how many secondary nodes
     */
    SimulatedSecondaries(int port, int count) {
        for (int i = 0; i < count; i++) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                    .eventLoopGroup(loop).channelType(NioSocketChannel.class).directExecutor().build();
            channels.add(channel);
            String id = String.format("sim-%04d", i);
            Responder responder = new Responder(id);
            StreamObserver<IAMOutgoingMessages> out = IAMPublicNodesServiceGrpc.newStub(channel)
                    .registerNode(responder);
            responder.out = out;
            out.onNext(IAMOutgoingMessages.newBuilder().setNodeInfo(nodeInfo(id)).build());
            streams.add(out);
        }
    }

    static String nodeId(int i) {
        return String.format("sim-%04d", i);
    }

    private static NodeInfo nodeInfo(String id) {
        return NodeInfo.newBuilder().setNodeId(id).setNodeType("secondary").setTitle("simulated " + id)
                .setMaxDmips(10_000).setTotalRam(4L << 30).setState("unprovisioned")
                .setOsInfo(OSInfo.newBuilder().setOs("linux").setVersion("6.1"))
                .addCpus(CPUInfo.newBuilder().setModelName("Cortex-A72").setNumCores(4).setNumThreads(4)
                        .setArchInfo(ArchInfo.newBuilder().setArchitecture("aarch64")))
                .addPartitions(PartitionInfo.newBuilder().setName("workdirs").addTypes("generic")
                        .setPath("/var/aos/workdirs").setTotalSize(16L << 30))
                .addAttrs(NodeAttribute.newBuilder().setName("AosComponents").setValue("iam,sm"))
                .build();
    }

    @Override
    public void close() {
        streams.forEach(s -> {
            try {
                s.onCompleted();
            } catch (RuntimeException e) {
                // already closed by the server
            }
        });
        channels.forEach(ManagedChannel::shutdownNow);
        loop.shutdownGracefully();
    }

    private static final class Responder implements StreamObserver<IAMIncomingMessages> {
        private final String id;
        private StreamObserver<IAMOutgoingMessages> out;

        Responder(String id) {
            this.id = id;
        }

        @Override
        public synchronized void onNext(IAMIncomingMessages request) {
            if (request.hasCreateKeyRequest()) {
                out.onNext(IAMOutgoingMessages.newBuilder().setCreateKeyResponse(CreateKeyResponse.newBuilder()
                        .setNodeId(id).setType(request.getCreateKeyRequest().getType()).setCsr(CSR)).build());
            }
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
