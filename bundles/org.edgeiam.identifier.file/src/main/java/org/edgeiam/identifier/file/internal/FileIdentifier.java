package org.edgeiam.identifier.file.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.identity.SubjectsListener;
import org.edgeiam.api.identity.SystemInfo;
import org.edgeiam.spi.identifier.Identifier;
import org.edgeiam.util.OrderedListeners;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code fileidentifier} plugin: the unit's identity from files (reference §6.1). The system
 * ID and unit model are read once at activation, which fails with a message naming the file if
 * either is missing or malformed. The subjects come from an optional file that, unlike in the
 * reference, is watched: a {@link FileWatcher} on the component's own daemon thread re-reads it
 * after each change, and subscribers are told, in order and on one notifier thread, whenever the
 * list really changed. A missing subjects file means no subjects; one over the limits gives no
 * subjects and a warning, as in the reference.
 */
@Component(service = Identifier.class, property = Identifier.PLUGIN + "=fileidentifier",
        configurationPid = "org.edgeiam.identifier.file",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = Config.class)
public class FileIdentifier implements Identifier {
    private static final Logger LOG = LoggerFactory.getLogger(FileIdentifier.class);

    private final SystemInfo systemInfo;
    /** {@code null} if no subjects file is configured. */
    private final Path subjectsFile;
    private final OrderedListeners<SubjectsListener, List<String>> listeners = new OrderedListeners<>("fileidentifier",
            SubjectsListener::subjectsChanged);
    private final Object subjectsLock = new Object();
    private final AtomicLong reloads = new AtomicLong();
    /** {@code null} if the subjects file is not watched. */
    private final FileWatcher watcher;
    private volatile List<String> subjects = List.of();

    /**
     * @param config the configuration
     * @throws IamException {@code INVALID_ARGUMENT}, {@code NOT_FOUND} or {@code RUNTIME} naming
     *         the property or file that prevents activation
     */
    @Activate
    public FileIdentifier(Config config) throws IamException {
        LOG.info("Activating file identifier...");
        LOG.debug("File identifier configuration: system.id.path={}, unit.model.path={}, "
                + "subjects.path={}", config.system_id_path(), config.unit_model_path(),
                config.subjects_path());
        try {
            Path systemIdFile = IdentityFiles.path(config.system_id_path(), "system.id.path");
            Path unitModelFile = IdentityFiles.path(config.unit_model_path(), "unit.model.path");
            this.subjectsFile = config.subjects_path().isBlank() ? null
                    : IdentityFiles.path(config.subjects_path(), "subjects.path");
            String systemId = IdentityFiles.systemId(systemIdFile);
            IdentityFiles.UnitModel unitModel = IdentityFiles.unitModel(unitModelFile);
            this.systemInfo = new SystemInfo(systemId, unitModel.model(), unitModel.version());
        } catch (IamException e) {
            LOG.error("Activating file identifier failed: {}", e.getMessage());
            throw e;
        }
        // watch before the first read, so that no change between the two goes unseen
        this.watcher = this.subjectsFile == null ? null : watch(this.subjectsFile);
        if (this.subjectsFile == null) {
            LOG.info("No subjects file configured (subjects.path is empty): no subjects");
        } else {
            reload(false);
        }
        LOG.info("Activating file identifier done: system ID {}, unit model {} version {}, "
                + "{} subjects", this.systemInfo.systemId(), this.systemInfo.unitModel(),
                this.systemInfo.version(), this.subjects.size());
    }

    @Deactivate
    void deactivate() {
        if (this.watcher != null) {
            this.watcher.close();
        }
        this.listeners.close();
        LOG.info("File identifier deactivated");
    }

    @Override
    public SystemInfo systemInfo() {
        return this.systemInfo;
    }

    @Override
    public List<String> subjects() {
        return this.subjects;
    }

    @Override
    public Subscription subscribeSubjectsChanged(SubjectsListener listener) {
        return this.listeners.add(listener);
    }

    /** @return whether the subjects file is being watched; for tests */
    boolean watching() {
        return this.watcher != null && this.watcher.running();
    }

    /** @return how often the subjects file has been read; for tests */
    long reloads() {
        return this.reloads.get();
    }

    private FileWatcher watch(Path file) {
        try {
            return new FileWatcher(file, () -> reload(true), "edgeiam-fileidentifier-watcher");
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot watch subjects file {}: {}; its changes are seen only after a "
                    + "restart", file, e.toString());
            return null;
        }
    }

    /**
     * Reads the subjects file and, if the subjects changed and {@code notify} is set, tells the
     * listeners. The first read does not notify: a listener subscribed before the notifier ran
     * would get it, although the subjects it asked for already had that value.
     */
    private void reload(boolean notify) {
        synchronized (this.subjectsLock) {
            List<String> old = this.subjects;
            List<String> current = IdentityFiles.subjects(this.subjectsFile, old);
            if (current.equals(old)) {
                LOG.debug("Subjects file {} read, subjects unchanged", this.subjectsFile);
            } else {
                this.subjects = current;
                LOG.info("Subjects read from {}: {} subjects", this.subjectsFile, current.size());
                LOG.debug("Subjects now {}", current);
                // queued under the lock so listeners see the changes in the order they happened
                if (notify) {
                    this.listeners.notifyChanged(current);
                }
            }
            this.reloads.incrementAndGet();
        }
    }
}
