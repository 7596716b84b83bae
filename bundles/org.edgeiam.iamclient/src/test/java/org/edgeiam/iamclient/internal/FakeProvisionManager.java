package org.edgeiam.iamclient.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.api.provisioning.ProvisionManager;

/**
 * Records the calls (operation, password and thread) and, like the real one, sets the node's
 * state after finish and deprovision. {@link #failWith} makes the next calls fail.
 */
final class FakeProvisionManager implements ProvisionManager {
    /** One call. */
    record Call(String operation, String password, String thread) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile List<String> certTypes = List.of("iam", "sm");
    volatile RuntimeException failWith;
    private final FakeCurrentNode node;

    FakeProvisionManager(FakeCurrentNode node) {
        this.node = node;
    }

    @Override
    public List<String> certTypes() {
        check();
        return certTypes;
    }

    @Override
    public void startProvisioning(String password) throws IamException {
        record("start", password);
        if (password.isEmpty()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "the password is empty");
        }
    }

    @Override
    public void finishProvisioning(String password) throws IamException {
        record("finish", password);
        node.setState(NodeState.PROVISIONED);
    }

    @Override
    public void deprovision(String password) throws IamException {
        record("deprovision", password);
        node.setState(NodeState.UNPROVISIONED);
    }

    private void record(String operation, String password) {
        calls.add(new Call(operation, password, Thread.currentThread().getName()));
        check();
    }

    private void check() {
        RuntimeException e = failWith;
        if (e != null) {
            throw e;
        }
    }
}
