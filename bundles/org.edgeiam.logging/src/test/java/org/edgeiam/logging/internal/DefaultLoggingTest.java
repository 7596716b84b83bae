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
import ch.qos.logback.core.OutputStreamAppender;

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
        OutputStreamAppender<ILoggingEvent> stderr = (OutputStreamAppender<ILoggingEvent>) root.getAppender("STDERR");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger("org.edgeiam.x.Y"),
                Level.WARN, "node evil\r\nINFO forged\u2028line\u2029end", null, null);
        event.setThreadName("t");
        String line = new String(stderr.getEncoder().encode(event), StandardCharsets.UTF_8);

        assertTrue(line.endsWith(" WARN  [t] org.edgeiam.x.Y - node evil | INFO forged | line | end"
                + System.lineSeparator()), line);
        assertEquals(1, line.lines().count(), line);
    }

    @Test
    void linesGoToTheProcesssStandardErrorEvenWhenSystemErrIsReplaced() throws Exception {
        LoggerContext context = new LoggerContext();
        new DefaultLogging().configure(context);
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(captured, true)); // as Gogo does for a command session
        try {
            context.getLogger("org.edgeiam.x.Y").warn("logged while a command runs");
        } finally {
            System.setErr(original);
        }

        @SuppressWarnings("unchecked")
        OutputStreamAppender<ILoggingEvent> stderr = (OutputStreamAppender<ILoggingEvent>) context
                .getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        assertEquals(java.io.FileDescriptor.err, ((java.io.FileOutputStream) stderr.getOutputStream()).getFD());
        assertEquals("", captured.toString(StandardCharsets.UTF_8), "nothing went through System.err");
    }
}
