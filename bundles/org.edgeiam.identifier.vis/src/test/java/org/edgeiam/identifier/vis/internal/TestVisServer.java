package org.edgeiam.identifier.vis.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A VIS server for tests on 127.0.0.1, plain or TLS: it answers get, subscribe and
 * unsubscribeAll from an in-memory map of values, records every request after answering it,
 * pushes subscription notifications and raw frames on demand, and can be stopped (abruptly, like
 * a crash) and started again on the same port. Switches make it answer gets with an error, with
 * values keyed by the path, or not at all, and leave pings unanswered.
 */
final class TestVisServer implements AutoCloseable {
    static final long WAIT_SECONDS = 10;

    /** Path → value answered to get. */
    final Map<String, JsonElement> values = new ConcurrentHashMap<>();
    /** Path → error message answered to get instead of the value. */
    final Map<String, String> errors = new ConcurrentHashMap<>();
    volatile boolean keyedByPath;
    /** Whether gets are answered. */
    volatile boolean silent;
    /** Whether pings are answered with pongs. */
    volatile boolean answerPings = true;

    private final SSLContext ssl;
    private final BlockingQueue<JsonObject> requests = new LinkedBlockingQueue<>();
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger subscriptionIds = new AtomicInteger();
    private ServerSocket server;
    private Thread acceptor;
    private int port;

    /** One connected client and its subscriptions: path → subscriptionId. */
    private record Client(WsConnection connection, Map<String, String> subscriptions) {
    }

    /** @param ssl the server's TLS context, or {@code null} for plain ws */
    TestVisServer(SSLContext ssl) {
        this.ssl = ssl;
    }

    /** Listens, on a free port the first time and on the same port afterwards. */
    TestVisServer start() throws IOException {
        ServerSocket socket = this.ssl == null ? new ServerSocket()
                : this.ssl.getServerSocketFactory().createServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
        this.server = socket;
        this.port = socket.getLocalPort();
        this.acceptor = new Thread(() -> accept(socket), "test-vis-accept");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
        return this;
    }

    /** Stops listening and drops every connection without a close frame. */
    void stop() throws IOException {
        this.server.close();
        try {
            // the JDK closes a listening socket for good only once the blocked accept has returned
            this.acceptor.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Client client : this.clients) {
            client.connection().close();
        }
        this.clients.clear();
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    URI url() {
        return URI.create((this.ssl == null ? "ws" : "wss") + "://127.0.0.1:" + this.port);
    }

    /** @return how many WebSocket connections were accepted so far */
    int connections() {
        return this.connections.get();
    }

    /** @return the next request with {@code action}, skipping others; fails after a wait */
    JsonObject nextRequest(String action) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        for (JsonObject r = poll(deadline); r != null; r = poll(deadline)) {
            if (action.equals(r.get("action").getAsString())) {
                return r;
            }
        }
        throw new AssertionError("no " + action + " request within " + WAIT_SECONDS + " s");
    }

    /** @return the subscription ID that the first connected client has for {@code path} */
    String subscriptionId(String path) {
        return this.clients.get(0).subscriptions().get(path);
    }

    /** Sends a subscription notification for {@code path} to every subscriber. */
    void push(String path, JsonElement value, boolean keyed) throws IOException {
        for (Client client : this.clients) {
            String id = client.subscriptions().get(path);
            if (id != null) {
                pushTo(id, keyed ? keyed(path, value) : value);
            }
        }
    }

    /** Sends a subscription notification for {@code subscriptionId} to every client. */
    void pushTo(String subscriptionId, JsonElement value) throws IOException {
        JsonObject n = new JsonObject();
        n.addProperty("action", "subscription");
        n.addProperty("subscriptionId", subscriptionId);
        n.add("value", value);
        n.addProperty("timestamp", System.currentTimeMillis());
        sendRaw(n.toString());
    }

    /** Sends {@code text} as a text frame to every client; one that just went away is skipped. */
    void sendRaw(String text) {
        for (Client client : this.clients) {
            try {
                client.connection().send(text);
            } catch (IOException e) {
                this.clients.remove(client);
            }
        }
    }

    /** Pings every client. */
    void ping() throws IOException {
        for (Client client : this.clients) {
            client.connection().ping();
        }
    }

    private JsonObject poll(long deadline) throws InterruptedException {
        return this.requests.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void accept(ServerSocket socket) {
        try {
            while (true) {
                Socket accepted = socket.accept();
                Thread serve = new Thread(() -> serve(accepted), "test-vis-connection");
                serve.setDaemon(true);
                serve.start();
            }
        } catch (IOException e) {
            // stopped
        }
    }

    private void serve(Socket socket) {
        try (WsConnection connection = new WsConnection(socket, () -> this.answerPings)) {
            Client client = new Client(connection, new ConcurrentHashMap<>());
            this.clients.add(client);
            this.connections.incrementAndGet();
            for (String text = connection.read(); text != null; text = connection.read()) {
                JsonObject request = JsonParser.parseString(text).getAsJsonObject();
                JsonObject answer = answer(client, request);
                if (answer != null) {
                    connection.send(answer.toString());
                }
                this.requests.add(request);
            }
            this.clients.remove(client);
        } catch (IOException | RuntimeException e) {
            // connection dropped or stopped
        }
    }

    /** @return the answer to {@code request}, or {@code null} for none */
    private JsonObject answer(Client client, JsonObject request) {
        String action = request.get("action").getAsString();
        String path = request.has("path") ? request.get("path").getAsString() : null;
        JsonObject answer = new JsonObject();
        answer.addProperty("action", action);
        answer.add("requestId", request.get("requestId"));
        if (action.equals("subscribe")) {
            String id = "sub-" + this.subscriptionIds.incrementAndGet();
            client.subscriptions().put(path, id);
            answer.addProperty("subscriptionId", id);
        } else if (action.equals("unsubscribeAll")) {
            client.subscriptions().clear();
        } else if (action.equals("get") && this.silent) {
            return null;
        } else if (action.equals("get") && (this.errors.containsKey(path) || !this.values.containsKey(path))) {
            JsonObject error = new JsonObject();
            error.addProperty("number", 404);
            error.addProperty("message", this.errors.getOrDefault(path, "no value at " + path));
            answer.add("error", error);
        } else if (action.equals("get")) {
            answer.add("value", this.keyedByPath ? keyed(path, this.values.get(path)) : this.values.get(path));
            answer.addProperty("timestamp", System.currentTimeMillis());
        }
        return answer;
    }

    private static JsonObject keyed(String path, JsonElement value) {
        JsonObject keyed = new JsonObject();
        keyed.add(path, value);
        return keyed;
    }
}
