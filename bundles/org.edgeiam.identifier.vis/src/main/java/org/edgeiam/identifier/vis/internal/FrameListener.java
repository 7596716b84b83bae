package org.edgeiam.identifier.vis.internal;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to one WebSocket connection: joins the parts of each text message and hands complete
 * messages to {@link Events}, then asks for the next one. Messages longer than
 * {@link #MAX_MESSAGE_CHARS} and binary messages are logged and dropped; the connection stays.
 * Every frame, pongs included, is reported as a sign of life. Ping is answered by the JDK. A close
 * or an error ends the connection.
 */
final class FrameListener implements WebSocket.Listener {
    /** Far above any VIS answer the identifier asks for. */
    static final int MAX_MESSAGE_CHARS = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(FrameListener.class);

    /** What happens on the connection; called on the HTTP client's executor, one at a time. */
    interface Events {
        /** The connection is open; called before any message. */
        void opened(WebSocket socket);

        /** A frame of any kind arrived. */
        void heard(WebSocket socket);

        /** A complete text message arrived. */
        void message(WebSocket socket, String text);

        /** The connection ended; nothing more arrives on it. */
        void lost(WebSocket socket, String reason);
    }

    private final Events events;
    private final StringBuilder text = new StringBuilder();
    private boolean tooLong;

    FrameListener(Events events) {
        this.events = events;
    }

    @Override
    public void onOpen(WebSocket socket) {
        this.events.opened(socket);
        socket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        this.events.heard(socket);
        if (!this.tooLong && this.text.length() + data.length() > MAX_MESSAGE_CHARS) {
            this.tooLong = true;
            this.text.setLength(0);
        }
        if (!this.tooLong) {
            this.text.append(data);
        }
        if (last) {
            if (this.tooLong) {
                LOG.warn("Ignoring a VIS message of more than {} characters", MAX_MESSAGE_CHARS);
            } else {
                deliver(socket, this.text.toString());
            }
            this.text.setLength(0);
            this.tooLong = false;
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        this.events.heard(socket);
        if (last) {
            LOG.warn("Ignoring a binary VIS message: VIS sends text");
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket socket, ByteBuffer message) {
        this.events.heard(socket);
        return WebSocket.Listener.super.onPing(socket, message);
    }

    @Override
    public CompletionStage<?> onPong(WebSocket socket, ByteBuffer message) {
        this.events.heard(socket);
        return WebSocket.Listener.super.onPong(socket, message);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        this.events.lost(socket, "closed by the server (" + statusCode
                + (reason.isEmpty() ? "" : " " + VisMessages.shorten(reason)) + ")");
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        this.events.lost(socket, error.toString());
    }

    private void deliver(WebSocket socket, String message) {
        try {
            this.events.message(socket, message);
        } catch (RuntimeException e) {
            LOG.error("Handling a VIS message failed; the message is dropped", e);
        }
    }
}
