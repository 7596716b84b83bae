package org.edgeiam.identifier.vis.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The server side of one WebSocket connection (RFC 6455), enough for the test VIS server: the
 * opening handshake ({@code Sec-WebSocket-Accept} = base64(SHA-1(key + GUID))), reading masked
 * client frames (text, joined continuations, ping answered with pong unless switched off, close
 * answered with close) and writing unmasked text frames.
 */
final class WsConnection implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int TEXT = 0x1;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final BooleanSupplier answerPings;

    /** Reads the upgrade request and answers it; pings are answered while {@code answerPings}. */
    WsConnection(Socket socket, BooleanSupplier answerPings) throws IOException {
        this.socket = socket;
        this.answerPings = answerPings;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        String key = null;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                key = line.substring(colon + 1).strip();
            }
        }
        if (key == null) {
            throw new IOException("not a WebSocket upgrade request");
        }
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n";
        synchronized (this.out) {
            this.out.write(response.getBytes(StandardCharsets.US_ASCII));
            this.out.flush();
        }
    }

    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the next text message, or {@code null} once the client closed the connection */
    String read() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            int b0 = this.in.readUnsignedByte();
            int b1 = this.in.readUnsignedByte();
            long length = b1 & 0x7F;
            if (length == 126) {
                length = this.in.readUnsignedShort();
            } else if (length == 127) {
                length = this.in.readLong();
            }
            byte[] mask = new byte[4];
            if ((b1 & 0x80) != 0) {
                this.in.readFully(mask);
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            this.in.readFully(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            int opcode = b0 & 0x0F;
            if (opcode == CLOSE) {
                write(CLOSE, payload);
                return null;
            } else if (opcode == PING) {
                if (this.answerPings.getAsBoolean()) {
                    write(PONG, payload);
                }
            } else if (opcode != PONG) {
                message.write(payload);
                if ((b0 & 0x80) != 0) {
                    return message.toString(StandardCharsets.UTF_8);
                }
            }
        }
    }

    /** Sends one text message as one unmasked frame. */
    void send(String text) throws IOException {
        write(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a ping; the client answers with a pong, which {@link #read()} skips. */
    void ping() throws IOException {
        write(PING, "ping".getBytes(StandardCharsets.US_ASCII));
    }

    /** Closes the TCP connection without a close frame, as a crashing server would. */
    @Override
    public void close() throws IOException {
        this.socket.close();
    }

    private void write(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        frame.write(payload);
        synchronized (this.out) {
            this.out.write(frame.toByteArray());
            this.out.flush();
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = this.in.read(); c != '\n'; c = this.in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
