package org.edgeiam.logging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;

/**
 * The default logging: INFO on standard error, Netty at WARN, and a message with line breaks
 * (CR, LF, the Unicode line and paragraph separators) written on one line, so that a client's
 * text cannot start a forged log line.
 */
class DefaultLoggingTest {

    @Test
    void oneLinePerEventWhateverTheMessageHoldsAtInfoWithNettyQuiet() {
        LoggerContext context = new LoggerContext();
        new DefaultLogging().configure(context);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        assertEquals(Level.WARN, context.getLogger("io.grpc.netty.shaded.io.netty.handler").getEffectiveLevel());

        @SuppressWarnings("unchecked")
        ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
        assertEquals("System.err", stderr.getTarget());
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger("org.edgeiam.x.Y"),
                Level.WARN, "node evil\r\nINFO forged\u2028line\u2029end", null, null);
        event.setThreadName("t");
        String line = new String(stderr.getEncoder().encode(event), StandardCharsets.UTF_8);

        assertTrue(line.endsWith(" WARN  [t] org.edgeiam.x.Y - node evil | INFO forged | line | end"
                + System.lineSeparator()), line);
        assertEquals(1, line.lines().count(), line);
    }
}
