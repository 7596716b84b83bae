package org.edgeiam.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UNIX socket ({@code 0600}) that runs one command line per connection. Only the runtime's own
 * user and root may run commands: the peer's user ({@code SO_PEERCRED}) is checked on each
 * connection. Connections are served each on a thread of a small bounded pool; one more than the
 * bound is answered {@code ERROR: busy} and closed, and a connection that sends no complete line
 * (or does not take its answer) within the idle timeout is closed, so no client can block another.
 */
final class CommandSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandSocket.class);
    private static final int MAX_LINE = 4096;

    /** Runs a command line and returns the whole answer. */
    interface Commands {
        String run(String line);
    }

    private final Path path;
    private final Commands commands;
    private final Duration idle;
    private final ServerSocketChannel server;
    private final UserPrincipal self;
    private final UserPrincipal root;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;
    private final Thread acceptor;

    /**
     * @param path the socket; its folder is prepared by {@link SocketFolder}, a stale socket replaced
     * @param commands runs the commands
     * @param maxConnections connections served at once
     * @param idle how long a connection may take to send its line, and to take its answer
     * @throws IOException if the socket cannot be offered safely
     */
    CommandSocket(Path path, Commands commands, int maxConnections, Duration idle) throws IOException {
        this.path = path;
        this.commands = commands;
        this.idle = idle;
        boolean created = SocketFolder.prepare(path.getParent());
        Files.deleteIfExists(path); // left by a runtime that was killed
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            this.server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            this.self = Files.getOwner(path);
            this.root = root();
            if (!created) {
                SocketFolder.checkOwner(path.getParent(), this.self, this.root);
            }
        } catch (IOException | RuntimeException e) {
            this.server.close();
            Files.deleteIfExists(path);
            throw e;
        }
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(maxConnections, maxConnections, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> daemon(r, "edgeiam-command-socket-" + threads.incrementAndGet()));
        this.pool.allowCoreThreadTimeOut(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "edgeiam-command-socket-timer"));
        this.acceptor = daemon(this::accept, "edgeiam-command-socket");
        this.acceptor.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static UserPrincipal root() throws IOException {
        try {
            return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root");
        } catch (UserPrincipalNotFoundException e) {
            return null;
        }
    }

    private void accept() {
        while (this.server.isOpen()) {
            SocketChannel client;
            try {
                client = this.server.accept();
            } catch (IOException e) {
                if (this.server.isOpen()) {
                    LOG.warn("command socket: {}", e.getMessage());
                    pause(); // e.g. out of file descriptors: do not spin
                }
                continue;
            }
            try {
                this.pool.execute(() -> serve(client));
            } catch (RejectedExecutionException e) {
                LOG.warn("command socket: connection refused, {} connections are open already",
                        this.pool.getMaximumPoolSize());
                answerQuietly(client, "ERROR: busy: " + this.pool.getMaximumPoolSize()
                        + " connections are open already; try again later\n");
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            if (!allowed(client)) {
                return;
            }
            String line = withDeadline(client, () -> readLine(client));
            String answer = line == null ? "ERROR: command line longer than " + MAX_LINE + " bytes\n"
                    : this.commands.run(line);
            withDeadline(client, () -> {
                client.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
                return null;
            });
        } catch (ClosedChannelException e) {
            LOG.debug("command socket: connection closed (idle for {} s, or stopping)", this.idle.toSeconds());
        } catch (IOException e) {
            LOG.debug("command socket: {}", e.toString());
        }
    }

    /** @return whether the peer is the runtime's user or root; logs a refusal with the peer's user */
    private boolean allowed(SocketChannel client) throws IOException {
        UserPrincipal peer;
        try {
            peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
        } catch (UnsupportedOperationException e) {
            LOG.error("command socket: connection refused, the peer's user cannot be known here (no SO_PEERCRED)");
            return false;
        }
        if (peer.equals(this.self) || peer.equals(this.root)) {
            return true;
        }
        LOG.warn("command socket: connection of user {} refused: only {} and root may run commands", peer.getName(),
                this.self.getName());
        answerQuietly(client, "ERROR: not allowed\n");
        return false;
    }

    private interface Io<T> {
        T call() throws IOException;
    }

    /** Runs {@code io}, closing the connection if it takes longer than the idle timeout. */
    private <T> T withDeadline(SocketChannel client, Io<T> io) throws IOException {
        ScheduledFuture<?> deadline = this.timer.schedule(() -> closeQuietly(client), this.idle.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            return io.call();
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * Reads up to the first line break, all of an over-long line included (a socket closed with
     * unread data would reset the client before it reads its answer).
     *
     * @return the line without its line break, or {@code null} if it is too long
     */
    private static String readLine(SocketChannel client) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean tooLong = false;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (client.read(one.clear()) > 0 && one.get(0) != '\n') {
            tooLong |= line.size() == MAX_LINE;
            if (!tooLong) {
                line.write(one.get(0));
            }
        }
        return tooLong ? null : line.toString(StandardCharsets.UTF_8).strip();
    }

    /** Answers a connection that is not served, takes what it sent so far, and closes it. */
    private static void answerQuietly(SocketChannel client, String text) {
        try (client) {
            client.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            client.shutdownOutput();
            client.configureBlocking(false);
            ByteBuffer sink = ByteBuffer.allocate(MAX_LINE);
            for (int i = 0; i < 16 && client.read(sink.clear()) > 0; i++) {
                // dropped
            }
        } catch (IOException e) {
            // the client is gone
        }
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            // closed already
        }
    }

    /** Stops accepting, closes open connections and removes the socket. */
    @Override
    public void close() throws IOException {
        this.server.close();
        try {
            this.acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        this.pool.shutdownNow();
        this.timer.shutdownNow();
        Files.deleteIfExists(this.path);
    }
}
