package org.edgeiam.iamclient.internal;

import java.util.function.Consumer;

import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.provisioning.ProvisionManager;
import org.edgeiam.spi.identifier.Identifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local backends the client works with, each optional and replaceable at run time. While
 * attached to a connection loop, it follows this node's information and the current certificate
 * of the client's cert type, and tells the loop about those changes and about backends that come
 * and go. A greedy rebind binds the new backend before unbinding the old one: the old one's
 * subscription is closed when the new one is bound, and its late unbind is ignored.
 */
final class Backends {
    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

    private volatile CurrentNode currentNode;
    private volatile ProvisionManager provisionManager;
    private volatile CertHandler certHandler;
    private volatile Identifier identifier;
    private Consumer<Event> sink;
    private String certType;
    private Subscription nodeSubscription;
    private Subscription certSubscription;

    /** @return the current node, or {@code null} */
    CurrentNode currentNode() {
        return currentNode;
    }

    /** @return the provision manager, or {@code null} */
    ProvisionManager provisionManager() {
        return provisionManager;
    }

    /** @return the certificate handler, or {@code null} */
    CertHandler certHandler() {
        return certHandler;
    }

    /** @return the identifier, or {@code null} */
    Identifier identifier() {
        return identifier;
    }

    /**
     * Starts following the bound backends' changes.
     *
     * @param type the cert type whose certificate changes are told
     * @param events where changes go
     */
    synchronized void attach(String type, Consumer<Event> events) {
        this.certType = type;
        this.sink = events;
        followNode();
        followCert();
    }

    /** Stops following changes; backends stay bound. */
    synchronized void detach() {
        closeNodeSubscription();
        closeCertSubscription();
        this.sink = null;
    }

    synchronized void bindCurrentNode(CurrentNode node) {
        closeNodeSubscription();
        currentNode = node;
        followNode();
        changed();
    }

    synchronized void unbindCurrentNode(CurrentNode node) {
        if (currentNode == node) {
            closeNodeSubscription();
            currentNode = null;
            changed();
        }
    }

    synchronized void bindCertHandler(CertHandler handler) {
        closeCertSubscription();
        certHandler = handler;
        followCert();
        changed();
    }

    synchronized void unbindCertHandler(CertHandler handler) {
        if (certHandler == handler) {
            closeCertSubscription();
            certHandler = null;
            changed();
        }
    }

    synchronized void bindProvisionManager(ProvisionManager manager) {
        provisionManager = manager;
        changed();
    }

    synchronized void unbindProvisionManager(ProvisionManager manager) {
        if (provisionManager == manager) {
            provisionManager = null;
            changed();
        }
    }

    synchronized void bindIdentifier(Identifier id) {
        identifier = id;
        changed();
    }

    synchronized void unbindIdentifier(Identifier id) {
        if (identifier == id) {
            identifier = null;
            changed();
        }
    }

    private void followNode() {
        Consumer<Event> events = sink;
        if (events != null && currentNode != null) {
            nodeSubscription = currentNode.subscribe(info -> events.accept(new Event.NodeChanged(info)));
        }
    }

    private void followCert() {
        Consumer<Event> events = sink;
        if (events == null || certHandler == null) {
            return;
        }
        try {
            certSubscription = certHandler.subscribeCertChanged(certType, cert -> events.accept(new Event.CertChanged()));
        } catch (IamException e) {
            LOG.warn("cannot follow the {} certificate: {}; mutual TLS picks it up at the next connect",
                    certType, e.getMessage());
        }
    }

    private void changed() {
        if (sink != null) {
            sink.accept(new Event.BackendsChanged());
        }
    }

    private void closeNodeSubscription() {
        if (nodeSubscription != null) {
            nodeSubscription.close();
            nodeSubscription = null;
        }
    }

    private void closeCertSubscription() {
        if (certSubscription != null) {
            certSubscription.close();
            certSubscription = null;
        }
    }
}
