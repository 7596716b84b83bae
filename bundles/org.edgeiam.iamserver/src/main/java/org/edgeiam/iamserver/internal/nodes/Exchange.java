package org.edgeiam.iamserver.internal.nodes;

import java.util.Optional;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.node.NodeState;
import org.edgeiam.grpc.common.v2.ErrorInfo;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMIncomingMessages.IAMIncomingMessageCase;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages;
import org.edgeiam.grpc.iamanager.v6.IAMOutgoingMessages.IAMOutgoingMessageCase;

/**
 * The request/reply pairs of the RegisterNode stream: which reply a request expects, whether it
 * takes the long (provisioning) time-out, and the state the main node records for the secondary
 * after a successful reply (aos-iam-v6.md §5.3).
 */
enum Exchange {
    START_PROVISIONING(IAMIncomingMessageCase.START_PROVISIONING_REQUEST,
            IAMOutgoingMessageCase.START_PROVISIONING_RESPONSE, true, null),
    GET_CERT_TYPES(IAMIncomingMessageCase.GET_CERT_TYPES_REQUEST, IAMOutgoingMessageCase.CERT_TYPES_RESPONSE,
            false, null),
    FINISH_PROVISIONING(IAMIncomingMessageCase.FINISH_PROVISIONING_REQUEST,
            IAMOutgoingMessageCase.FINISH_PROVISIONING_RESPONSE, true, NodeState.PROVISIONED),
    DEPROVISION(IAMIncomingMessageCase.DEPROVISION_REQUEST, IAMOutgoingMessageCase.DEPROVISION_RESPONSE, true,
            NodeState.UNPROVISIONED),
    PAUSE_NODE(IAMIncomingMessageCase.PAUSE_NODE_REQUEST, IAMOutgoingMessageCase.PAUSE_NODE_RESPONSE, false,
            NodeState.PAUSED),
    RESUME_NODE(IAMIncomingMessageCase.RESUME_NODE_REQUEST, IAMOutgoingMessageCase.RESUME_NODE_RESPONSE, false,
            NodeState.PROVISIONED),
    CREATE_KEY(IAMIncomingMessageCase.CREATE_KEY_REQUEST, IAMOutgoingMessageCase.CREATE_KEY_RESPONSE, false, null),
    APPLY_CERT(IAMIncomingMessageCase.APPLY_CERT_REQUEST, IAMOutgoingMessageCase.APPLY_CERT_RESPONSE, false, null);

    private final IAMIncomingMessageCase request;
    private final IAMOutgoingMessageCase reply;
    private final boolean provisioning;
    private final NodeState stateAfter;

    Exchange(IAMIncomingMessageCase request, IAMOutgoingMessageCase reply, boolean provisioning,
            NodeState stateAfter) {
        this.request = request;
        this.reply = reply;
        this.provisioning = provisioning;
        this.stateAfter = stateAfter;
    }

    /**
     * @param message a request to forward
     * @return its exchange
     * @throws IamException {@code INVALID_ARGUMENT} for an empty message
     */
    static Exchange of(IAMIncomingMessages message) throws IamException {
        for (Exchange e : values()) {
            if (e.request == message.getIAMIncomingMessageCase()) {
                return e;
            }
        }
        throw new IamException(ErrorCode.INVALID_ARGUMENT, "nothing to forward: the request message is empty");
    }

    /** @return the reply case this request waits for */
    IAMOutgoingMessageCase reply() {
        return reply;
    }

    /** @return whether the provisioning time-out applies (5 min in AosEdge, else 1 min) */
    boolean provisioning() {
        return provisioning;
    }

    /** @return the state of the secondary after a successful reply, if the exchange changes it */
    Optional<NodeState> stateAfter() {
        return Optional.ofNullable(stateAfter);
    }

    /** @return the name for messages, e.g. {@code create_key_request} */
    String wireName() {
        return request.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @param reply a reply of this exchange
     * @return whether the secondary reported a failure in the reply's {@code error} field
     */
    static boolean failed(IAMOutgoingMessages reply) {
        return error(reply).map(e -> e.getAosCode() != 0 || !e.getMessage().isEmpty()).orElse(false);
    }

    private static Optional<ErrorInfo> error(IAMOutgoingMessages m) {
        switch (m.getIAMOutgoingMessageCase()) {
            case START_PROVISIONING_RESPONSE:
                return optional(m.getStartProvisioningResponse().hasError(), m.getStartProvisioningResponse().getError());
            case FINISH_PROVISIONING_RESPONSE:
                return optional(m.getFinishProvisioningResponse().hasError(),
                        m.getFinishProvisioningResponse().getError());
            case DEPROVISION_RESPONSE:
                return optional(m.getDeprovisionResponse().hasError(), m.getDeprovisionResponse().getError());
            case PAUSE_NODE_RESPONSE:
                return optional(m.getPauseNodeResponse().hasError(), m.getPauseNodeResponse().getError());
            case RESUME_NODE_RESPONSE:
                return optional(m.getResumeNodeResponse().hasError(), m.getResumeNodeResponse().getError());
            case CREATE_KEY_RESPONSE:
                return optional(m.getCreateKeyResponse().hasError(), m.getCreateKeyResponse().getError());
            case APPLY_CERT_RESPONSE:
                return optional(m.getApplyCertResponse().hasError(), m.getApplyCertResponse().getError());
            default:
                return Optional.empty();
        }
    }

    private static Optional<ErrorInfo> optional(boolean present, ErrorInfo error) {
        return present ? Optional.of(error) : Optional.empty();
    }
}
