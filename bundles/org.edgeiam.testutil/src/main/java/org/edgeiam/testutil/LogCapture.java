package org.edgeiam.testutil;

import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * Records everything one class logs, down to debug (through logback, the tests' slf4j binding),
 * while it is open. Shared by the bundles' unit tests.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final Level oldLevel;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    /** @param type the class whose logger is captured */
    public LogCapture(Class<?> type) {
        this.logger = (Logger) LoggerFactory.getLogger(type);
        this.oldLevel = this.logger.getLevel();
        this.logger.setLevel(Level.DEBUG);
        this.logger.setAdditive(false);
        this.appender.start();
        this.logger.addAppender(this.appender);
    }

    /**
     * @param level the level
     * @param text a part of the message
     * @return whether a message at that level containing the text was logged
     */
    public boolean logged(Level level, String text) {
        synchronized (this.appender) { // appends hold the appender's lock
            return this.appender.list.stream()
                    .anyMatch(e -> e.getLevel() == level && e.getFormattedMessage().contains(text));
        }
    }

    /**
     * @param text a part of the message
     * @return whether a warning containing the text was logged
     */
    public boolean warned(String text) {
        return logged(Level.WARN, text);
    }

    /** @return every message logged so far, formatted */
    public List<String> messages() {
        synchronized (this.appender) {
            return this.appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Override
    public void close() {
        this.logger.detachAppender(this.appender);
        this.appender.stop();
        this.logger.setLevel(this.oldLevel);
        this.logger.setAdditive(true);
    }
}
