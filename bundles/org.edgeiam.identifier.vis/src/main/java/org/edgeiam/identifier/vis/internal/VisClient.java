package org.edgeiam.identifier.vis.internal;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.identifier.vis.internal.VisMessages.Frame;

import com.google.gson.JsonElement;

/**
 * The WebSocket connection to the VIS server, with requests, subscriptions and reconnects. It
 * connects with the JDK {@link HttpClient} on the executor it is given, watches the open
 * connection with a {@link KeepAlive}, and reconnects after a failure, a close or a dead
 * connection, spaced by a {@link Backoff}. Requests carry a fresh UUID and wait in
 * {@link PendingRequests}; frames that answer none go to the {@link Subscriptions}. Malformed
 * frames are logged and ignored; they never end the connection.
 */
final class VisClient implements FrameListener.Events {
    /** Longest wait for each step of a clean close. */
    private static final long CLOSE_WAIT_MS = 2000;

    private final VisOptions options;
    private final ScheduledExecutorService executor;
    private final HttpClient http;
    private final Runnable onConnected;
    private final VisLog log;
    private final PendingRequests pending;
    private final Subscriptions subscriptions;
    private final Object lock = new Object();
    private final Backoff backoff = new Backoff();
    private WebSocket socket;
    private KeepAlive keepAlive;
    private boolean closed;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    /**
     * @param ssl the TLS context for {@code wss://}, or {@code null} for {@code ws://}
     * @param onConnected called on the executor after each (re)connect, before any frame
     */
    VisClient(VisOptions options, SSLContext ssl, ScheduledExecutorService executor, Runnable onConnected) {
        this.options = options;
        this.executor = executor;
        this.onConnected = onConnected;
        this.log = new VisLog(options.server());
        this.pending = new PendingRequests(options.server(), options.timeout(), executor);
        this.subscriptions = new Subscriptions(this.log);
        HttpClient.Builder builder = HttpClient.newBuilder().executor(executor).connectTimeout(options.timeout());
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
    }

    /** @return whether the connection is open now */
    boolean connected() {
        synchronized (this.lock) {
            return this.socket != null;
        }
    }

    /**
     * Gets the value at {@code path}, waiting for the answer.
     *
     * @return the value, unwrapped if the server keyed it by the path
     * @throws IamException {@code UNAVAILABLE} if not connected or the connection ends, {@code
     *         TIMEOUT} without an answer in time, {@code FAILED} if the server reports an error
     */
    JsonElement get(String path) throws IamException {
        JsonElement value = VisMessages.valueAt(this.pending.await(request("get", path, null)).value(), path);
        if (value == null) {
            throw new IamException(ErrorCode.FAILED, "VIS server " + this.options.server() + " answered get "
                    + path + " without a value");
        }
        return value;
    }

    /**
     * Subscribes to {@code path} on the current connection; returns at once. The values of its
     * notifications, unwrapped if keyed by the path, go to {@code onValue} on the frame thread.
     */
    void subscribe(String path, Consumer<JsonElement> onValue) {
        request("subscribe", path, this.subscriptions.onAnswer(path, onValue))
                .whenComplete((answer, e) -> this.log.subscribed(path, answer, e));
    }

    /** Starts connecting; returns at once. */
    void start() {
        synchronized (this.lock) {
            if (this.closed) {
                return;
            }
        }
        try {
            this.http.newWebSocketBuilder().connectTimeout(this.options.timeout())
                    .buildAsync(this.options.server(), new FrameListener(this)).exceptionally(e -> {
                        connectFailed(e);
                        return null;
                    });
        } catch (RuntimeException e) {
            connectFailed(e);
        }
    }

    /** Sends unsubscribeAll, closes the connection and stops reconnecting. */
    void close() {
        WebSocket open;
        synchronized (this.lock) {
            this.closed = true;
            open = this.socket;
        }
        if (open != null) {
            try {
                request("unsubscribeAll", null, null).get(Math.min(CLOSE_WAIT_MS, this.options.timeout().toMillis()),
                        TimeUnit.MILLISECONDS);
                open.sendClose(WebSocket.NORMAL_CLOSURE, "").get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                this.log.closeFailed(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            end(open, "deactivated");
        }
    }

    @Override
    public void opened(WebSocket opened) {
        synchronized (this.lock) {
            if (this.closed) {
                opened.abort();
                return;
            }
            this.socket = opened;
            this.sending = CompletableFuture.completedFuture(null);
            this.backoff.reset();
            this.subscriptions.clear();
            this.keepAlive = new KeepAlive(this.options.keepAlive(), this.executor,
                    () -> send(opened, s -> s.sendPing(ByteBuffer.allocate(0))), reason -> end(opened, reason));
        }
        this.log.connected();
        this.onConnected.run();
    }

    @Override
    public void heard(WebSocket from) {
        synchronized (this.lock) {
            if (from == this.socket) {
                this.keepAlive.heard();
            }
        }
    }

    @Override
    public void message(WebSocket from, String text) {
        synchronized (this.lock) {
            if (from != this.socket) {
                return;
            }
        }
        Frame frame;
        try {
            frame = VisMessages.parse(text);
        } catch (IllegalArgumentException e) {
            this.log.malformed(e.getMessage(), text);
            return;
        }
        if (!this.pending.answer(frame)) {
            this.subscriptions.notify(frame, text);
        }
    }

    @Override
    public void lost(WebSocket from, String reason) {
        boolean reconnect;
        synchronized (this.lock) {
            if (from != this.socket) {
                return;
            }
            this.socket = null;
            this.keepAlive.stop();
            this.subscriptions.clear();
            reconnect = !this.closed;
        }
        this.log.lost(reason, reconnect);
        this.pending.failAll(new IamException(ErrorCode.UNAVAILABLE, reconnect
                ? "connection to VIS server " + this.options.server() + " lost: " + reason
                : "the VIS identifier is deactivated"));
        if (reconnect) {
            retry();
        }
    }

    private void connectFailed(Throwable e) {
        synchronized (this.lock) {
            if (this.closed) {
                return;
            }
        }
        this.log.connectFailed(e);
        retry();
    }

    private void retry() {
        long delay;
        synchronized (this.lock) {
            if (this.closed) {
                return;
            }
            delay = this.backoff.next();
        }
        try {
            this.executor.schedule(this::start, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            this.log.notScheduled();
        }
    }

    /** Sends a request on the current connection; the future always completes. */
    private CompletableFuture<Frame> request(String action, String path, Consumer<Frame> onAnswer) {
        String id = UUID.randomUUID().toString();
        String text = VisMessages.request(action, id, path);
        WebSocket target;
        CompletableFuture<Frame> answer;
        synchronized (this.lock) {
            if (this.socket == null) {
                return CompletableFuture.failedFuture(notConnected());
            }
            target = this.socket;
            answer = this.pending.add(id, path == null ? action : action + " " + path, onAnswer);
        }
        send(target, s -> s.sendText(text, true));
        return answer;
    }

    /** Sends on {@code target} after the sends before; a failed send ends the connection. */
    private void send(WebSocket target, Function<WebSocket, CompletableFuture<WebSocket>> operation) {
        synchronized (this.lock) {
            // the JDK allows one outstanding send per WebSocket: chain them (afresh per connection)
            this.sending = this.sending.handle((r, e) -> null).thenCompose(r -> operation.apply(target))
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            end(target, "sending failed: " + e);
                        }
                    });
        }
    }

    /** Ends {@code target}: no listener call follows an abort, so report it lost here. */
    private void end(WebSocket target, String reason) {
        target.abort();
        lost(target, reason);
    }

    private IamException notConnected() {
        return new IamException(ErrorCode.UNAVAILABLE, "VIS server " + this.options.server() + " is not connected");
    }
}
