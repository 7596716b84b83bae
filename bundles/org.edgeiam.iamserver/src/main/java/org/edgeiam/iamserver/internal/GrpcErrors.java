package org.edgeiam.iamserver.internal;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.grpc.common.v2.ErrorInfo;
import org.edgeiam.util.wire.ErrorInfoProto;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The one place where EdgeIAM errors become wire errors: a gRPC status for RPCs that fail, or an
 * {@code ErrorInfo} for responses that carry an {@code error} field. AosEdge sends INTERNAL for
 * every business error; EdgeIAM sends the closest gRPC code, which AosEdge clients treat the
 * same way (not OK), and keeps the message.
 */
public final class GrpcErrors {
    private GrpcErrors() {
    }

    /**
     * @param e the failure
     * @return the status exception to end the call with
     */
    public static StatusRuntimeException toStatus(IamException e) {
        return status(e.code()).withDescription(bounded(e.getMessage())).asRuntimeException();
    }

    /** Longest status description sent: a message that quotes a huge client value stays small. */
    static final int MAX_DESCRIPTION = 1024;

    /**
     * @param message an error message, possibly quoting client input
     * @return it, cut to {@value #MAX_DESCRIPTION} characters
     */
    static String bounded(String message) {
        if (message == null || message.length() <= MAX_DESCRIPTION) {
            return message;
        }
        return message.substring(0, MAX_DESCRIPTION - 1) + "…";
    }

    /** A unary call's work: its response, or the failure that ends the call. */
    @FunctionalInterface
    public interface Answer<T> {
        /**
         * @return the response
         * @throws IamException a business failure, sent as the closest status
         */
        T get() throws IamException;
    }

    /**
     * Ends a unary call: with the answer, or with the status of its failure ({@link IamException}
     * mapped here; a {@link StatusRuntimeException} as it is). A call whose backend is missing is
     * {@link Hold held} for a while first.
     *
     * @param response the call's observer
     * @param answer computes the response
     * @param <T> response type
     */
    public static <T> void answer(io.grpc.stub.StreamObserver<T> response, Answer<T> answer) {
        T value;
        try {
            value = Hold.retrying(answer::get);
        } catch (IamException e) {
            if (e.code() != ErrorCode.UNAVAILABLE || !Hold.toWorkers(() -> answer(response, answer))) {
                response.onError(toStatus(e));
            }
            return;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || !Hold.toWorkers(() -> answer(response, answer))) {
                response.onError(e);
            }
            return;
        }
        response.onNext(value);
        response.onCompleted();
    }

    /**
     * @param what the missing backend, e.g. "current node"
     * @return an UNAVAILABLE status exception naming it
     */
    public static StatusRuntimeException unavailable(String what) {
        return Status.UNAVAILABLE.withDescription(what + " is not available").asRuntimeException();
    }

    /**
     * @param e the failure
     * @return the wire ErrorInfo for a response's error field
     */
    public static ErrorInfo toErrorInfo(IamException e) {
        ErrorInfo info = ErrorInfoProto.toProto(e);
        return info.getMessage().length() <= MAX_DESCRIPTION ? info
                : info.toBuilder().setMessage(bounded(info.getMessage())).build();
    }

    static Status status(ErrorCode code) {
        switch (code) {
            case NOT_FOUND:
                return Status.NOT_FOUND;
            case INVALID_ARGUMENT:
            case OUT_OF_RANGE:
                return Status.INVALID_ARGUMENT;
            case ALREADY_EXIST:
                return Status.ALREADY_EXISTS;
            case WRONG_STATE:
                return Status.FAILED_PRECONDITION;
            case TIMEOUT:
                return Status.DEADLINE_EXCEEDED;
            case NOT_SUPPORTED:
                return Status.UNIMPLEMENTED;
            case NO_MEMORY:
                return Status.RESOURCE_EXHAUSTED;
            case CANCELED:
                return Status.CANCELLED;
            case UNAVAILABLE:
                return Status.UNAVAILABLE;
            default:
                return Status.INTERNAL;
        }
    }
}
