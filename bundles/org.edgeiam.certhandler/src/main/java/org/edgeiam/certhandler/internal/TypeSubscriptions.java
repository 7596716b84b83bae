package org.edgeiam.certhandler.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.edgeiam.api.Subscription;
import org.edgeiam.api.cert.CertListener;

/**
 * Subscriptions by cert type that outlive the type's module: a listener may subscribe before the
 * module's configuration arrives and stays subscribed while the module is replaced. Each listener
 * is attached to the module of its type while there is one.
 */
final class TypeSubscriptions {
    private final class Entry {
        final String certType;
        final CertListener listener;
        Subscription attached;

        Entry(String certType, CertListener listener) {
            this.certType = certType;
            this.listener = listener;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, CertModule> modules = new ConcurrentHashMap<>();

    synchronized Subscription add(String certType, CertListener listener) {
        Entry e = new Entry(certType, listener);
        entries.add(e);
        CertModule module = modules.get(certType);
        if (module != null) {
            e.attached = module.subscribe(listener);
        }
        return () -> remove(e);
    }

    private synchronized void remove(Entry e) {
        if (entries.remove(e) && e.attached != null) {
            e.attached.close();
        }
    }

    synchronized void moduleAdded(CertModule module) {
        modules.put(module.certType(), module);
        for (Entry e : entries) {
            if (e.certType.equals(module.certType())) {
                e.attached = module.subscribeLate(e.listener);
            }
        }
    }

    synchronized void moduleRemoved(CertModule module) {
        if (!modules.remove(module.certType(), module)) {
            return;
        }
        for (Entry e : entries) {
            if (e.certType.equals(module.certType()) && e.attached != null) {
                e.attached.close();
                e.attached = null;
            }
        }
    }
}
