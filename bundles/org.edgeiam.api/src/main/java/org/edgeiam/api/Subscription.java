package org.edgeiam.api;

/**
 * A handle to a listener registration. Closing it stops the notifications; closing twice is
 * harmless.
 *
 * @since 1.0
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    /** Stops the notifications of this subscription. Never throws. */
    @Override
    void close();
}
