package org.edgeiam.logging.internal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * EdgeIAM's default logging, set up in code (logback finds it through
 * {@code META-INF/services}, this fragment being part of logback-classic's class path): one line
 * per event on standard error (journald adds the time on a gateway), level INFO, gRPC's Netty at
 * WARN. Line breaks inside a message are written as {@code " | "}, so text from a client can never
 * start a forged log line. {@code -v LEVEL} on the command line changes the level at start-up;
 * {@code -Dlogback.configurationFile=FILE} replaces all of this with a file. In code rather than
 * a {@code logback.xml}: parsing the XML took about 30 ms of every start.
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {
    /** The line format. */
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - "
            + "%replace(%msg){'[\\r\\n\\u2028\\u2029]+', ' | '}%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        // the process's standard error itself, not System.err: Gogo replaces System.err with a
        // stream per command session, and logback would then write log lines into a command's
        // answer (and, writing through itself, without end)
        OutputStreamAppender<ILoggingEvent> stderr = new OutputStreamAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setEncoder(encoder);
        stderr.setOutputStream(new FileOutputStream(FileDescriptor.err));
        stderr.start();
        context.getLogger("io.grpc.netty.shaded").setLevel(Level.WARN);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
