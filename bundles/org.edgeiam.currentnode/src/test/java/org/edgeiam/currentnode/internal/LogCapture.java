package org.edgeiam.currentnode.internal;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** Records what one class logs (through logback, the test slf4j binding) while it is open. */
final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture(Class<?> type) {
        this.logger = (Logger) LoggerFactory.getLogger(type);
        this.appender.start();
        this.logger.addAppender(this.appender);
    }

    /** @return whether a warning whose formatted message contains {@code text} was logged */
    boolean warned(String text) {
        return this.appender.list.stream().anyMatch(
                e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains(text));
    }

    @Override
    public void close() {
        this.logger.detachAppender(this.appender);
        this.appender.stop();
    }
}
