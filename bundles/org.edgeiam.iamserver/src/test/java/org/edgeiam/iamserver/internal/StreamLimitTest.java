package org.edgeiam.iamserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.edgeiam.grpc.iamanager.v6.IAMPublicCertServiceGrpc;
import org.junit.jupiter.api.Test;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;

/**
 * The stream caps: per remote address (a remote client beyond it is refused while others are
 * not, loopback counts only against the server's cap) and per server; an address whose streams
 * all ended leaves no entry behind, whatever the number of addresses that came and went.
 */
class StreamLimitTest {
    private final StreamLimit limit = new StreamLimit("public", 5, 2);

    @Test
    void aRemoteClientBeyondItsShareIsRefusedOthersAreNotAndEndedClientsLeaveNothing() {
        List<ServerCall.Listener<Object>> open = new ArrayList<>();
        open.add(start("10.0.0.5").listener);
        open.add(start("10.0.0.5").listener);

        Call third = start("10.0.0.5");
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, third.closed.getCode());
        assertTrue(third.closed.getDescription().contains("per client address"));
        assertNull(start("10.0.0.6").closed, "another address is not affected");
        assertNull(start("127.0.0.1").closed);
        assertNull(start("127.0.0.1").closed);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, start("127.0.0.1").closed.getCode(), "the server's cap of 5");

        open.forEach(ServerCall.Listener::onComplete);
        assertNull(start("10.0.0.5").closed, "its ended streams count no more");
        assertEquals(2, limit.clients(), "10.0.0.5 (one stream) and 10.0.0.6; loopback has no entry");
        for (int i = 0; i < 1000; i++) {
            start("10.1." + (i / 250) + "." + (i % 250)).listener.onCancel();
        }
        assertEquals(2, limit.clients(), "a thousand addresses that came and went leave nothing");
    }

    private Call start(String host) {
        Call call = new Call(host);
        call.listener = limit.interceptCall(call, new Metadata(), (c, h) -> new ServerCall.Listener<Object>() {
        });
        return call;
    }

    /** A streaming call from {@code host}, recording how the limit closed it, if it did. */
    private static final class Call extends ServerCall<Object, Object> {
        private final Attributes attributes;
        Status closed;
        ServerCall.Listener<Object> listener;

        Call(String host) {
            attributes = Attributes.newBuilder().set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR,
                    new InetSocketAddress(host, 40000)).build();
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        @SuppressWarnings("unchecked")
        public MethodDescriptor<Object, Object> getMethodDescriptor() {
            return (MethodDescriptor<Object, Object>) (MethodDescriptor<?, ?>) IAMPublicCertServiceGrpc
                    .getSubscribeCertChangedMethod();
        }

        @Override
        public void close(Status status, Metadata trailers) {
            closed = status;
        }

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void sendHeaders(Metadata headers) {
        }

        @Override
        public void sendMessage(Object message) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }
}
