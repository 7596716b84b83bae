package org.edgeiam.bench;

import java.net.InetSocketAddress;

import org.edgeiam.grpc.iamanager.APIVersion;
import org.edgeiam.grpc.iamanager.IAMVersionServiceGrpc;

import com.google.protobuf.Empty;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * The baseline of {@link ServingBench}: a bare grpc-java server with one trivial unary method
 * (GetAPIVersion answering a constant), Netty, direct executor, nothing else, in its own process so
 * that its CPU time is its own. Usage: BareServer PORT
 */
public final class BareServer {
    private BareServer() {
    }

    public static void main(String[] args) throws Exception {
        APIVersion answer = APIVersion.newBuilder().setVersion(6).build();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])))
                .directExecutor()
                .addService(new IAMVersionServiceGrpc.IAMVersionServiceImplBase() {
                    @Override
                    public void getAPIVersion(Empty request, StreamObserver<APIVersion> response) {
                        response.onNext(answer);
                        response.onCompleted();
                    }
                }).build().start();
        System.out.println("bare server listening on " + server.getPort());
        server.awaitTermination();
    }
}
