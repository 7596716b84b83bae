package org.edgeiam.identifier.file.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one file, through a {@link WatchService} on its directory, on a daemon thread of its
 * own. Creating, modifying, deleting or renaming onto the file (or an overflow of the event
 * queue) calls {@code onChange} once events have stopped for {@link #QUIET_MS}, and at most
 * {@link #MAX_DELAY_MS} after the first, so a truncate-then-write is read once, complete. Events
 * for other files in the directory are ignored. {@link #close()} stops the thread; so does the
 * removal of the directory, after a last {@code onChange}.
 */
final class FileWatcher implements AutoCloseable {
    static final long QUIET_MS = 100;
    static final long MAX_DELAY_MS = 1000;
    private static final long JOIN_MS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

    private final Path file;
    private final Path fileName;
    private final Runnable onChange;
    private final WatchService watchService;
    private final Thread thread;
    private boolean directoryGone;

    /**
     * Starts watching; {@code onChange} runs on the watcher thread.
     *
     * @throws IOException if the file's directory cannot be watched, e.g. it does not exist
     */
    FileWatcher(Path file, Runnable onChange, String threadName) throws IOException {
        this.file = file.toAbsolutePath();
        this.fileName = this.file.getFileName();
        this.onChange = onChange;
        this.watchService = this.file.getFileSystem().newWatchService();
        try {
            this.file.getParent().register(this.watchService,
                    StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | RuntimeException e) {
            this.watchService.close();
            throw e;
        }
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** @return whether the watcher thread still runs */
    boolean running() {
        return this.thread.isAlive();
    }

    /** Stops watching and waits briefly for the thread to end. */
    @Override
    public void close() {
        try {
            this.watchService.close();
        } catch (IOException e) {
            LOG.warn("Closing the watch service of {} failed", this.file, e);
        }
        try {
            this.thread.join(JOIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (this.thread.isAlive()) {
            LOG.warn("Watcher thread of {} did not stop within {} ms", this.file, JOIN_MS);
        }
    }

    private void run() {
        LOG.debug("Watching {}", this.file);
        try {
            while (!this.directoryGone) {
                if (!drain(this.watchService.take())) {
                    continue;
                }
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_DELAY_MS);
                long left;
                while ((left = deadline - System.nanoTime()) > 0) {
                    WatchKey key = this.watchService.poll(
                            Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, QUIET_MS),
                            TimeUnit.MILLISECONDS);
                    if (key == null) {
                        break;
                    }
                    drain(key);
                }
                changed();
            }
            LOG.warn("Directory of {} is gone: no longer watching the file", this.file);
        } catch (ClosedWatchServiceException | InterruptedException e) {
            LOG.debug("Stopped watching {}", this.file);
        }
    }

    /** @return whether {@code key} had events for the file; resets the key */
    private boolean drain(WatchKey key) {
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            relevant |= event.kind() == StandardWatchEventKinds.OVERFLOW
                    || this.fileName.equals(event.context());
        }
        if (!key.reset()) {
            this.directoryGone = true;
            relevant = true;
        }
        return relevant;
    }

    private void changed() {
        try {
            this.onChange.run();
        } catch (RuntimeException e) {
            LOG.error("Handling a change of {} failed; still watching", this.file, e);
        }
    }
}
