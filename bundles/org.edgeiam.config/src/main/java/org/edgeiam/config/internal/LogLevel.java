package org.edgeiam.config.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the root log level at run time. Works when logback is the slf4j binding (the runtime's
 * case); with another binding it logs that {@code -v} has no effect.
 */
final class LogLevel {
    private static final Logger LOG = LoggerFactory.getLogger(LogLevel.class);

    private LogLevel() {
    }

    static void apply(String level) {
        try {
            Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
            if (root instanceof ch.qos.logback.classic.Logger) {
                ((ch.qos.logback.classic.Logger) root).setLevel(ch.qos.logback.classic.Level.toLevel(level));
                LOG.debug("log level set to {}", level);
                return;
            }
        } catch (NoClassDefFoundError e) {
            // logback is an optional import: not there, fall through
        }
        LOG.warn("log level '{}' not applied: the slf4j binding is not logback", level);
    }
}
