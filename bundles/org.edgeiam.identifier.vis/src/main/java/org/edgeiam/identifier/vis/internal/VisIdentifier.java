package org.edgeiam.identifier.vis.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.identity.SubjectsListener;
import org.edgeiam.api.identity.SystemInfo;
import org.edgeiam.identifier.vis.internal.VisMessages.UnitModel;
import org.edgeiam.spi.identifier.Identifier;
import org.edgeiam.util.OrderedListeners;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;

/**
 * The {@code visidentifier} plugin: the unit's identity from a VIS server over WebSocket
 * (reference §6.2). Activation checks the configuration and starts connecting in the background;
 * a {@link VisClient} on the component's own daemon threads keeps the connection up. On every
 * (re)connect the system info and subjects cached for the previous connection are dropped and the
 * subjects are subscribed to. {@link #systemInfo()} and {@link #subjects()} answer from that cache
 * or ask the server, and fail with {@code UNAVAILABLE} while it is not connected and nothing is
 * cached. Subscribers are told, in order and on one notifier thread, whenever the subjects really
 * changed.
 */
@Component(service = Identifier.class, property = Identifier.PLUGIN + "=visidentifier",
        configurationPid = "org.edgeiam.identifier.vis", configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = Config.class)
public class VisIdentifier implements Identifier {
    private static final Logger LOG = LoggerFactory.getLogger(VisIdentifier.class);

    private final VisOptions options;
    private final ScheduledExecutorService executor;
    private final OrderedListeners<SubjectsListener, List<String>> listeners = new OrderedListeners<>("visidentifier",
            SubjectsListener::subjectsChanged);
    private final Object lock = new Object();
    private final VisClient client;
    /** Cached for the current connection; {@code null} until read. */
    private SystemInfo systemInfo;
    /** Cached for the current connection; {@code null} until read or notified. */
    private List<String> subjects;
    /** The subjects last read or notified, over all connections; changes are told. */
    private List<String> known;
    /** Counts the connections; a value read on an earlier one is not cached. */
    private long connection;

    /**
     * @param config the configuration
     * @throws IamException {@code INVALID_ARGUMENT}, {@code NOT_FOUND} or {@code RUNTIME} naming
     *         the property or file that prevents activation
     */
    @Activate
    public VisIdentifier(Config config) throws IamException {
        this(config, VisOptions.KEEP_ALIVE);
    }

    /** For tests, which ping more often. */
    VisIdentifier(Config config, Duration keepAlive) throws IamException {
        LOG.info("Activating VIS identifier...");
        SSLContext ssl;
        try {
            this.options = VisOptions.from(config, keepAlive);
            ssl = this.options.secure() ? this.options.sslContext() : null;
        } catch (IamException e) {
            LOG.error("Activating VIS identifier failed: {}", e.getMessage());
            throw e;
        }
        LOG.debug("VIS identifier configuration: vis.server={}, ca.cert.file={}, web.socket.timeout={} ms",
                this.options.server(), this.options.caCertFile(), this.options.timeout().toMillis());
        if (ssl == null && !this.options.caCertFile().isEmpty()) {
            LOG.info("ca.cert.file {} is not used: {} is not a wss:// URL", this.options.caCertFile(),
                    this.options.server());
        }
        this.executor = Executors.newScheduledThreadPool(2, daemonThreads());
        this.client = new VisClient(this.options, ssl, this.executor, this::onConnected);
        this.client.start();
        LOG.info("Activating VIS identifier done: connecting to {}", this.options.server());
    }

    @Deactivate
    void deactivate() {
        this.client.close();
        this.executor.shutdownNow();
        try {
            this.executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        this.listeners.close();
        LOG.info("VIS identifier deactivated");
    }

    @Override
    public SystemInfo systemInfo() throws IamException {
        synchronized (this.lock) {
            if (this.systemInfo != null) {
                return this.systemInfo;
            }
        }
        long asked = connectionNow();
        String systemId = VisMessages.systemId(this.client.get(VisMessages.SYSTEM_ID_PATH));
        UnitModel unitModel = VisMessages.unitModel(this.client.get(VisMessages.UNIT_MODEL_PATH));
        SystemInfo info = new SystemInfo(systemId, unitModel.model(), unitModel.version());
        synchronized (this.lock) {
            if (this.connection == asked) {
                this.systemInfo = info;
            }
        }
        return info;
    }

    @Override
    public List<String> subjects() throws IamException {
        synchronized (this.lock) {
            if (this.subjects != null) {
                return this.subjects;
            }
        }
        long asked = connectionNow();
        List<String> read = VisMessages.subjects(this.client.get(VisMessages.SUBJECTS_PATH));
        synchronized (this.lock) {
            // an answer from a connection that has since been replaced is returned, not kept
            if (this.connection == asked) {
                this.subjects = read;
                learned(read, false);
            }
        }
        return read;
    }

    @Override
    public Subscription subscribeSubjectsChanged(SubjectsListener listener) {
        return this.listeners.add(listener);
    }

    /** @return whether the VIS server is connected now; for tests */
    boolean connected() {
        return this.client.connected();
    }

    /** Runs on the executor after each (re)connect, before any frame of the new connection. */
    private void onConnected() {
        synchronized (this.lock) {
            this.connection++;
            this.systemInfo = null;
            this.subjects = null;
        }
        this.client.subscribe(VisMessages.SUBJECTS_PATH, this::subjectsNotified);
    }

    private long connectionNow() {
        synchronized (this.lock) {
            return this.connection;
        }
    }

    private void subjectsNotified(JsonElement value) {
        List<String> notified;
        try {
            notified = VisMessages.subjects(value);
        } catch (IamException e) {
            LOG.warn("Ignoring subjects notification from VIS server {}: {}", this.options.server(), e.getMessage());
            return;
        }
        synchronized (this.lock) {
            this.subjects = notified;
            learned(notified, true);
        }
    }

    /**
     * Tells the listeners about {@code current} if it differs from the subjects known before.
     * The first subjects read are not told: the caller of {@link #subjects()} has them already.
     * Called under the lock, so listeners see the changes in the order they happened.
     */
    private void learned(List<String> current, boolean notified) {
        if (current.equals(this.known)) {
            return;
        }
        boolean tell = notified || this.known != null;
        this.known = current;
        LOG.info("Subjects from VIS server {}: {} subjects", this.options.server(), current.size());
        LOG.debug("Subjects now {}", current);
        if (tell) {
            this.listeners.notifyChanged(current);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "edgeiam-visidentifier-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
