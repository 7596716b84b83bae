package org.edgeiam.iamclient.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMPublicNodesServiceGrpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.StreamObserver;

/**
 * A stand-in for the main node: a real gRPC server on 127.0.0.1 (plaintext, TLS or mutual TLS)
 * serving {@code IAMPublicNodesService.RegisterNode}. Each stream is recorded with what the
 * client sent, the client certificate's subject, and a way to send it requests. A half-close by
 * the client is answered by ending the call, as the reference main does. It can be stopped and
 * started again on the same port.
 */
final class TestMain implements AutoCloseable {
    static final long WAIT_SECONDS = 10;
    private static final Context.Key<String> PEER = Context.key("peer");

    final BlockingQueue<Stream> streams = new LinkedBlockingQueue<>();
    private final SslContext tls;
    private int port;
    private Server server;

    /** @param tls the server's TLS, or {@code null} for plaintext */
    TestMain(SslContext tls) {
        this.tls = tls;
    }

    TestMain start() throws IOException {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .permitKeepAliveTime(10, TimeUnit.SECONDS).permitKeepAliveWithoutCalls(true)
                .addService(ServerInterceptors.intercept(new Service(), new PeerCapture()));
        if (tls != null) {
            builder.sslContext(tls);
        }
        server = builder.build().start();
        port = server.getPort();
        return this;
    }

    void stop() throws InterruptedException {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** @return the address as configured in {@code main.*.url} */
    String url() {
        return "127.0.0.1:" + port;
    }

    /** @return the next stream a client opened; fails after {@value #WAIT_SECONDS} s */
    Stream nextStream() throws InterruptedException {
        Stream stream = streams.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(stream, "no RegisterNode stream within " + WAIT_SECONDS + " s on " + url());
        return stream;
    }

    /** One RegisterNode stream. */
    static final class Stream {
        final BlockingQueue<IAMOutgoingMessages> received = new LinkedBlockingQueue<>();
        /** Subject of the client certificate, or {@code null} without one. */
        final String peer;
        private final StreamObserver<IAMIncomingMessages> toClient;
        private final CountDownLatch ended = new CountDownLatch(1);

        Stream(StreamObserver<IAMIncomingMessages> toClient, String peer) {
            this.toClient = toClient;
            this.peer = peer;
        }

        /** @return the next message of the client; fails after {@value #WAIT_SECONDS} s */
        IAMOutgoingMessages next() throws InterruptedException {
            IAMOutgoingMessages message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(message, "no message from the client within " + WAIT_SECONDS + " s");
            return message;
        }

        synchronized void send(IAMIncomingMessages request) {
            toClient.onNext(request);
        }

        /** Waits until the client ended the stream (half-close, cancel or error). */
        void awaitEnd() throws InterruptedException {
            assertTrue(ended.await(WAIT_SECONDS, TimeUnit.SECONDS), "stream not ended within " + WAIT_SECONDS + " s");
        }

        boolean isEnded() {
            return ended.getCount() == 0;
        }
    }

    private final class Service extends IAMPublicNodesServiceGrpc.IAMPublicNodesServiceImplBase {
        @Override
        public StreamObserver<IAMOutgoingMessages> registerNode(StreamObserver<IAMIncomingMessages> toClient) {
            Stream stream = new Stream(toClient, PEER.get());
            streams.add(stream);
            return new StreamObserver<>() {
                @Override
                public void onNext(IAMOutgoingMessages message) {
                    stream.received.add(message);
                }

                @Override
                public void onError(Throwable t) {
                    stream.ended.countDown();
                }

                @Override
                public void onCompleted() {
                    stream.ended.countDown();
                    synchronized (stream) {
                        toClient.onCompleted();
                    }
                }
            };
        }
    }

    /** Puts the client certificate's subject into the call's context. */
    private static final class PeerCapture implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                ServerCallHandler<Q, A> next) {
            SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
            String peer = null;
            if (session != null) {
                try {
                    Certificate[] chain = session.getPeerCertificates();
                    peer = ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
                } catch (SSLPeerUnverifiedException e) {
                    peer = null;
                }
            }
            return Contexts.interceptCall(Context.current().withValue(PEER, peer), call, headers, next);
        }
    }
}
