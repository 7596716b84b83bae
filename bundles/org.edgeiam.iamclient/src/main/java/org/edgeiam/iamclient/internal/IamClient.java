package org.edgeiam.iamclient.internal;

import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.provisioning.ProvisionManager;
import org.edgeiam.spi.identifier.Identifier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secondary node's client of the main node's IAM (aos-iam-v6.md §5.3): keeps a RegisterNode
 * stream to the main open, sends this node's NodeInfo first and after every change, and answers
 * the main's requests (cert types, provisioning, pause/resume, keys and certificates) with the
 * local backends, one at a time in arrival order on the client's own thread.
 *
 * <p>Which server it connects to follows this node's <em>state</em>, not the runtime's
 * provisioning flag as in AosEdge: an {@code unprovisioned} node goes to the main's public server
 * over TLS (verified against {@code ca.cert}), and over plaintext only when TLS fails to connect
 * and the runtime runs in provisioning mode or {@code allow.plaintext} is set; any other state goes
 * to the protected server with mutual TLS, presenting the current {@code cert.storage}
 * certificate. The two rules agree in AosEdge's normal life cycle, but this one also holds when
 * the state changes while the runtime runs: after FinishProvisioning the client moves to the
 * protected server without a restart, after Deprovision back to the public one, and a renewed
 * client certificate reconnects at once.
 *
 * <p>All backends are optional and dynamic, so the client keeps running while one is replaced; a
 * request that needs a missing backend is answered with an {@code UNAVAILABLE} error. The
 * component provides no service.
 */
@Component(service = {}, configurationPid = ClientConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = ClientConfig.class)
public class IamClient {
    private static final Logger LOG = LoggerFactory.getLogger(IamClient.class);

    private final Backends backends = new Backends();
    private ConnectionLoop loop;

    @Activate
    void activate(ClientConfig config) throws IamException {
        LOG.info("Activating IAM client...");
        ClientOptions options;
        ChannelFactory channels;
        try {
            options = ClientOptions.from(config);
            channels = new ChannelFactory(options.caCertFile(), options.plaintextAllowed());
        } catch (IamException e) {
            LOG.error("Activating IAM client failed: {}", e.getMessage());
            throw e;
        }
        LOG.debug("IAM client configuration: main.public.url={}, main.protected.url={}, ca.cert={}, "
                + "cert.storage={}, provisioning={}, allow.plaintext={}, reconnect.interval.ms={}",
                options.publicServer(), options.protectedServer(), options.caCertFile(), options.certStorage(),
                options.provisioning(), options.allowPlaintext(), options.reconnectIntervalMs());
        loop = new ConnectionLoop(options, backends, channels, new Requests(backends));
        backends.attach(options.certStorage(), loop::post);
        loop.start();
        LOG.info("Activating IAM client done: main IAM at {} (public, {}) and {} (protected)", options.publicServer(),
                !options.plaintextAllowed() ? "TLS only"
                        : options.provisioning() ? "TLS, then plaintext in provisioning mode"
                                : "TLS, then plaintext as allow.plaintext is set",
                options.protectedServer());
    }

    @Deactivate
    void deactivate() {
        backends.detach();
        if (loop != null) {
            loop.stop();
        }
        LOG.info("IAM client deactivated");
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCurrentNode(CurrentNode node) {
        backends.bindCurrentNode(node);
    }

    void unbindCurrentNode(CurrentNode node) {
        backends.unbindCurrentNode(node);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindProvisionManager(ProvisionManager manager) {
        backends.bindProvisionManager(manager);
    }

    void unbindProvisionManager(ProvisionManager manager) {
        backends.unbindProvisionManager(manager);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCertHandler(CertHandler handler) {
        backends.bindCertHandler(handler);
    }

    void unbindCertHandler(CertHandler handler) {
        backends.unbindCertHandler(handler);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindIdentifier(Identifier identifier) {
        backends.bindIdentifier(identifier);
    }

    void unbindIdentifier(Identifier identifier) {
        backends.unbindIdentifier(identifier);
    }
}
