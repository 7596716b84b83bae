package org.edgeiam.credentials.internal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.edgeiam.api.credentials.Credential;
import org.edgeiam.api.credentials.CredentialEvent;
import org.edgeiam.api.credentials.CredentialListener;
import org.edgeiam.api.credentials.CredentialState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every {@link CredentialListener} of a state change, on the thread that stored it (so a
 * broker cuts a revoked credential's sessions before the REST call that revoked it answers). A
 * listener that throws is logged and the others are still told.
 */
final class Events {
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);

    private final List<CredentialListener> listeners = new CopyOnWriteArrayList<>();

    void add(CredentialListener listener) {
        this.listeners.add(listener);
    }

    void remove(CredentialListener listener) {
        this.listeners.remove(listener);
    }

    void fire(Credential changed, CredentialState previous) {
        CredentialEvent event = new CredentialEvent(changed, previous, changed.updatedDate() == null
                ? Instant.now() : changed.updatedDate());
        for (CredentialListener l : this.listeners) {
            try {
                l.credentialChanged(event);
            } catch (RuntimeException e) {
                LOG.error("credential listener {} failed on credential {} ({} → {})", l.getClass().getName(),
                        changed.id(), previous.displayName(), changed.state().displayName(), e);
            }
        }
    }
}
