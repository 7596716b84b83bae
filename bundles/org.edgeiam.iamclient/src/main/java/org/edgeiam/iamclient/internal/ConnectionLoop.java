package org.edgeiam.iamclient.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.node.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.grpc.ManagedChannel;

/**
 * The client's one thread, {@value #THREAD_NAME}: connects to the main node, runs a
 * {@link Session} per connection and waits {@code reconnect.interval.ms} between attempts. Each
 * attempt picks the server by this node's current state ({@link Route.Server#accepting}): the
 * public one with TLS, verified against the CA, and only when that fails to connect and plaintext
 * is allowed ({@link ClientOptions#plaintextAllowed}), with plaintext at once; the protected one
 * with mutual TLS and the current {@code cert.storage} certificate, which is loaded afresh for
 * every attempt. Every new connection starts with TLS again. Without a current node or, for
 * (mutual) TLS, without the CA or a certificate, it waits and tries again at the interval or as
 * soon as a backend, the node or the certificate changes. It never falls back to plaintext
 * unless allowed: whoever answers a plaintext connection could provision this node.
 */
final class ConnectionLoop implements Runnable {
    static final String THREAD_NAME = "edgeiam-iamclient";
    /** How long {@link #stop()} waits for the thread before interrupting it. */
    static final long STOP_GRACE_MS = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLoop.class);

    private final ClientOptions options;
    private final Backends backends;
    private final ChannelFactory channels;
    private final Requests requests;
    private final ConnectionLog log;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopping;
    /** The channel of the running attempt, for {@link #stop()} from another thread. */
    private volatile ManagedChannel channel;
    private long attempts;
    /** TLS to the public server just failed and plaintext is allowed: the next attempt is plaintext. */
    private boolean plaintextNext;
    /** That plaintext is not allowed was noted after a failed TLS connect. */
    private boolean plaintextRefusalNoted;
    private boolean waitingForNodeLogged;
    private boolean provisioningNoted;
    /** The last TLS set-up problem logged (a missing CA file), so it is logged once. */
    private String tlsProblem;
    /** The node state for which a missing client certificate was warned about. */
    private NodeState noCertWarnedFor;

    ConnectionLoop(ClientOptions options, Backends backends, ChannelFactory channels, Requests requests) {
        this.options = options;
        this.backends = backends;
        this.channels = channels;
        this.requests = requests;
        this.log = new ConnectionLog(options.reconnectIntervalMs());
        this.thread = new Thread(this, THREAD_NAME);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** @param event queued for the loop's thread; never blocks */
    void post(Event event) {
        events.add(event);
    }

    /** Ends the stream and the thread: waits {@value #STOP_GRACE_MS} ms, then interrupts a busy request. */
    void stop() {
        stopping = true;
        events.add(new Event.Stop());
        try {
            thread.join(STOP_GRACE_MS);
            if (thread.isAlive()) {
                LOG.warn("the IAM client is still busy after {} ms: interrupting it", STOP_GRACE_MS);
                ManagedChannel current = channel;
                if (current != null) {
                    current.shutdownNow();
                }
                thread.interrupt();
                thread.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        LOG.debug("connection loop started");
        try {
            while (!stopping) {
                Session.Outcome outcome;
                try {
                    outcome = attempt();
                } catch (RuntimeException e) {
                    LOG.error("connection to the main IAM failed unexpectedly; retrying in {} ms",
                            options.reconnectIntervalMs(), e);
                    outcome = Session.Outcome.ENDED;
                }
                if (outcome == Session.Outcome.STOPPED) {
                    break;
                }
                if (outcome != Session.Outcome.SWITCH) {
                    pause(outcome == null);
                }
            }
        } catch (InterruptedException e) {
            LOG.debug("connection loop interrupted");
        }
        LOG.debug("connection loop ended");
    }

    /** @return how the attempt ended, {@code null} if it could not start (nothing to connect with) */
    private Session.Outcome attempt() throws InterruptedException {
        CurrentNode node = backends.currentNode();
        if (node == null) {
            if (!waitingForNodeLogged) {
                LOG.info("waiting for the current node before registering at the main IAM");
                waitingForNodeLogged = true;
            }
            return null;
        }
        waitingForNodeLogged = false;
        NodeInfo info = node.nodeInfo();
        Route route = route(info.state());
        if (route == null) {
            return null;
        }
        ManagedChannel ch;
        try {
            ch = channels.open(route);
        } catch (IamException e) {
            tlsUnusable(route, e);
            return plaintextAfter(route) ? Session.Outcome.SWITCH : null;
        }
        if (route.credential() != Route.Credential.PLAINTEXT) {
            tlsProblem = null;
        }
        channel = ch;
        try {
            Session.Outcome outcome = new Session(++attempts, route, ch, events, backends, requests, log).run(info);
            if (outcome == Session.Outcome.CONNECT_FAILED && plaintextAfter(route)) {
                return Session.Outcome.SWITCH;
            }
            if (outcome == Session.Outcome.CONNECT_FAILED && isPublicTls(route) && !plaintextRefusalNoted) {
                LOG.info("plaintext to the main IAM's public server is not allowed, so only TLS is retried: {}",
                        ClientOptions.HOW_TO_ALLOW_PLAINTEXT);
                plaintextRefusalNoted = true;
            }
            return outcome;
        } finally {
            channel = null;
            ch.shutdownNow();
            try {
                ch.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Logs a TLS set-up problem (the CA) once; an error when it leaves nothing to connect with. */
    private void tlsUnusable(Route route, IamException e) {
        if (e.getMessage().equals(tlsProblem)) {
            LOG.debug("still cannot use TLS to the main IAM's {} server: {}", route.server(), e.getMessage());
            return;
        }
        tlsProblem = e.getMessage();
        if (isPublicTls(route) && !options.plaintextAllowed()) {
            LOG.error("cannot register at the main IAM's public server: no TLS ({}), and {}; retrying every {} ms",
                    e.getMessage(), ClientOptions.HOW_TO_ALLOW_PLAINTEXT, options.reconnectIntervalMs());
        } else {
            LOG.warn("cannot use TLS to the main IAM's {} server: {}", route.server(), e.getMessage());
        }
    }

    /** @return whether plaintext follows at once, because TLS to the public server failed and it is allowed */
    private boolean plaintextAfter(Route route) {
        plaintextNext = isPublicTls(route) && options.plaintextAllowed() && !stopping;
        return plaintextNext;
    }

    private static boolean isPublicTls(Route route) {
        return route.server() == Route.Server.PUBLIC && route.credential() == Route.Credential.TLS;
    }

    private Route route(NodeState state) {
        boolean plaintext = plaintextNext;
        plaintextNext = false;
        Route.Server server = Route.Server.accepting(state);
        if (options.provisioning() && server == Route.Server.PROTECTED && !provisioningNoted) {
            LOG.info("provisioning mode, but node state {}: registering at the main IAM's protected server",
                    state.wireName());
            provisioningNoted = true;
        }
        if (server == Route.Server.PUBLIC) {
            noCertWarnedFor = null;
            return new Route(server, options.publicServer(),
                    plaintext ? Route.Credential.PLAINTEXT : Route.Credential.TLS);
        }
        CertHandler handler = backends.certHandler();
        try {
            if (handler == null) {
                throw new IamException(ErrorCode.UNAVAILABLE, "certificate handler is not available");
            }
            channels.presentKey(handler.currentTlsKey(options.certStorage()));
        } catch (IamException e) {
            if (noCertWarnedFor != state) {
                LOG.warn("no {} certificate for mutual TLS with the main IAM while {} ({}): retrying every {} ms",
                        options.certStorage(), state.wireName(), e.getMessage(), options.reconnectIntervalMs());
                noCertWarnedFor = state;
            } else {
                LOG.debug("still no {} certificate for mutual TLS: {}", options.certStorage(), e.getMessage());
            }
            return null;
        }
        noCertWarnedFor = null;
        return new Route(server, options.protectedServer(), Route.Credential.MUTUAL_TLS);
    }

    /**
     * Waits the reconnect interval. Events of ended streams are dropped; when the attempt could
     * not start, a changed backend, node or certificate ends the wait early.
     */
    private void pause(boolean blocked) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.reconnectIntervalMs());
        while (!stopping) {
            Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null || event instanceof Event.Stop) {
                return;
            }
            if (blocked && (event instanceof Event.BackendsChanged || event instanceof Event.NodeChanged
                    || event instanceof Event.CertChanged)) {
                return;
            }
        }
    }
}
