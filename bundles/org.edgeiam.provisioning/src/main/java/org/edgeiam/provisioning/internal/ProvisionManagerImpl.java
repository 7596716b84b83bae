package org.edgeiam.provisioning.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.cert.CertModuleInfo;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.api.provisioning.ProvisionManager;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provisioning of this node, step by step as AosEdge does it, with better failure behaviour: a
 * failed StartProvisioning clears what it created, leaves the node {@code unprovisioned} and
 * names the step; Deprovision removes keys, certificates and their metadata itself before the
 * hook. The state must fit the operation, and the owner password must open every key store that
 * has an owner: both are checked before any hook runs or anything changes (AosEdge checks the
 * password only when it takes ownership). Operations are serialised.
 */
@Component(configurationPid = "org.edgeiam.provisioning", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = Config.class)
public class ProvisionManagerImpl implements ProvisionManager {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisionManagerImpl.class);

    /** Longest pause of the owner checks after wrong passwords. */
    static final long MAX_PAUSE_MS = 60_000;

    private volatile Config config;
    /** Wrong owner passwords in a row that cost no pause (a typo). */
    static final int FREE_TRIES = 2;
    /** Wrong owner passwords in a row; from the third on, the checks pause 1 s, 2 s, 4 s … up to a minute. */
    private int wrongPasswords;
    private long nextCheckNanos;

    private volatile CertHandler certHandler;
    private volatile CurrentNode currentNode;

    /** @param config hook commands */
    @Activate
    public ProvisionManagerImpl(Config config) {
        this.config = config;
    }

    @Modified
    void modified(Config changed) {
        this.config = changed;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindCertHandler(CertHandler handler) {
        this.certHandler = handler;
    }

    void unbindCertHandler(CertHandler handler) {
        if (this.certHandler == handler) {
            this.certHandler = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindCurrentNode(CurrentNode node) {
        this.currentNode = node;
    }

    void unbindCurrentNode(CurrentNode node) {
        if (this.currentNode == node) {
            this.currentNode = null;
        }
    }

    @Override
    public List<String> certTypes() {
        CertHandler handler = certHandler;
        List<String> types = new ArrayList<>();
        if (handler == null) {
            return types;
        }
        for (String type : handler.certTypes()) {
            try {
                if (!handler.moduleInfo(type).selfSigned()) {
                    types.add(type);
                }
            } catch (IamException e) {
                LOG.debug("cert type {} vanished: {}", type, e.getMessage());
            }
        }
        return types;
    }

    @Override
    public synchronized void startProvisioning(String password) throws IamException {
        CurrentNode node = node();
        CertHandler handler = handler();
        requireState(node, "start provisioning", NodeState.UNPROVISIONED);
        List<String> types = handler.certTypes();
        checkOwners(handler, types, password); // stores without an owner go to the first password
        Config c = this.config;
        LOG.info("start provisioning…");
        step("start provisioning command", () -> HookCommand.run("start provisioning", List.of(c.start_cmd()), c.cmd_timeout()));
        try {
            for (String type : types) {
                step("clear cert type " + type, () -> handler.clear(type));
            }
            for (String type : types) {
                step("take ownership of cert type " + type, () -> handler.setOwner(type, password));
                CertModuleInfo module = handler.moduleInfo(type);
                if (module.selfSigned()) {
                    step("self-signed certificate of cert type " + type, () -> handler.createSelfSignedCertificate(type));
                }
            }
            step("disk encryption command",
                    () -> HookCommand.run("disk encryption", List.of(c.disk_encryption_cmd()), c.cmd_timeout()));
        } catch (IamException e) {
            undo(handler, types);
            throw e;
        }
        LOG.info("start provisioning done: {} cert types owned", types.size());
    }

    @Override
    public synchronized void finishProvisioning(String password) throws IamException {
        CurrentNode node = node();
        CertHandler handler = handler();
        requireState(node, "finish provisioning", NodeState.UNPROVISIONED);
        List<String> types = handler.certTypes();
        if (checkOwners(handler, types, password) == 0 && !types.isEmpty()) {
            throw new IamException(ErrorCode.WRONG_STATE, "wrong state: cannot finish provisioning: no key store has"
                    + " an owner yet; start provisioning first");
        }
        Config c = this.config;
        step("finish provisioning command", () -> HookCommand.run("finish provisioning", List.of(c.finish_cmd()), c.cmd_timeout()));
        node.setState(NodeState.PROVISIONED);
        LOG.info("node provisioned");
    }

    @Override
    public synchronized void deprovision(String password) throws IamException {
        CurrentNode node = node();
        CertHandler handler = handler();
        requireState(node, "deprovision", NodeState.PROVISIONED, NodeState.PAUSED);
        List<String> types = handler.certTypes();
        if (checkOwners(handler, types, password) == 0 && !types.isEmpty()) {
            throw new IamException(ErrorCode.WRONG_STATE, "wrong state: cannot deprovision: no key store has an owner"
                    + " whose password could be checked");
        }
        for (String type : types) {
            step("remove keys and certificates of cert type " + type, () -> handler.clear(type));
        }
        Config c = this.config;
        step("deprovision command", () -> HookCommand.run("deprovision", List.of(c.deprovision_cmd()), c.cmd_timeout()));
        node.setState(NodeState.UNPROVISIONED);
        LOG.info("node deprovisioned");
    }

    /**
     * Checks the password against the store of every cert type, before anything changes.
     *
     * @return how many stores have an owner (whose password it is)
     * @throws IamException {@code INVALID_ARGUMENT} naming the cert type for a wrong password, or
     *         why a store could not be checked
     */
    private int checkOwners(CertHandler handler, List<String> types, String password) throws IamException {
        long wait = nextCheckNanos - System.nanoTime();
        if (wrongPasswords > 0 && wait > 0) {
            throw new IamException(ErrorCode.UNAVAILABLE, "owner password checks are paused for "
                    + (TimeUnit.NANOSECONDS.toMillis(wait) / 1000 + 1) + " s after " + wrongPasswords
                    + " wrong passwords (each costs a token an SO login, which may lock it)");
        }
        int owned = 0;
        for (String type : types) {
            try {
                owned += handler.checkOwner(type, password) ? 1 : 0;
            } catch (IamException e) {
                if (e.code() == ErrorCode.INVALID_ARGUMENT) {
                    wrongPasswords++;
                    long pauseMs = wrongPasswords <= FREE_TRIES ? 0
                            : Math.min(MAX_PAUSE_MS, 1000L << Math.min(10, wrongPasswords - FREE_TRIES - 1));
                    nextCheckNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMs);
                }
                throw new IamException(e.code(), "owner password check of cert type " + type + " failed: "
                        + e.getMessage(), e);
            }
        }
        wrongPasswords = 0;
        LOG.info("owner password checked: {} of {} key stores have an owner", owned, types.size());
        return owned;
    }

    private void undo(CertHandler handler, List<String> types) {
        for (String type : types) {
            try {
                handler.clear(type);
            } catch (IamException e) {
                LOG.warn("after the failed start of provisioning, cert type {} could not be cleared: {}", type,
                        e.getMessage());
            }
        }
        LOG.warn("start provisioning failed: keys and certificates it created were removed; the node stays unprovisioned");
    }

    private static void requireState(CurrentNode node, String operation, NodeState... allowed) throws IamException {
        NodeState state = node.nodeInfo().state();
        for (NodeState a : allowed) {
            if (a == state) {
                return;
            }
        }
        throw new IamException(ErrorCode.WRONG_STATE, "wrong state: cannot " + operation + " a node that is "
                + state.wireName());
    }

    /** One named step: its failure says which step failed. */
    private static void step(String name, Step step) throws IamException {
        try {
            step.run();
        } catch (IamException e) {
            throw new IamException(e.code(), name + " failed: " + e.getMessage(), e);
        }
    }

    private CurrentNode node() throws IamException {
        CurrentNode node = currentNode;
        if (node == null) {
            throw new IamException(ErrorCode.UNAVAILABLE, "current node is not available");
        }
        return node;
    }

    private CertHandler handler() throws IamException {
        CertHandler handler = certHandler;
        if (handler == null) {
            throw new IamException(ErrorCode.UNAVAILABLE, "certificate handler is not available");
        }
        return handler;
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IamException;
    }
}
