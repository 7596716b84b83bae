package org.edgeiam.keystore.pkcs11.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends ipkcs11wrapper's own log (which goes to {@code System.out} by default) to slf4j, under the
 * logger {@code org.xipki.pkcs11.wrapper}. Its chatty info messages (every session opened, the
 * license banner) become debug. The wrapper never logs PINs.
 */
final class WrapperLogger implements org.xipki.pkcs11.wrapper.Logger {
    private final Logger log = LoggerFactory.getLogger("org.xipki.pkcs11.wrapper");

    @Override
    public void info(String format, Object... arguments) {
        this.log.debug(format, arguments);
    }

    @Override
    public void warn(String format, Object... arguments) {
        this.log.warn(format, arguments);
    }

    @Override
    public void error(String format, Object... arguments) {
        this.log.error(format, arguments);
    }

    @Override
    public void debug(String format, Object... arguments) {
        this.log.trace(format, arguments);
    }

    @Override
    public void trace(String format, Object... arguments) {
        this.log.trace(format, arguments);
    }

    @Override
    public boolean isDebugEnabled() {
        return this.log.isTraceEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return this.log.isDebugEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return this.log.isWarnEnabled();
    }

    @Override
    public boolean isTraceEnabled() {
        return this.log.isTraceEnabled();
    }
}
