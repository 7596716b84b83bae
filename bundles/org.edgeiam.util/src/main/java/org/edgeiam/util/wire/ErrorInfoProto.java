package org.edgeiam.util.wire;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.ErrorInfo;
import org.edgeiam.api.IamException;

/** {@code common.v2.ErrorInfo}: the AosEdge error number, the exit code and the message. */
public final class ErrorInfoProto {
    private ErrorInfoProto() {
    }

    /**
     * @param e a failure
     * @return the wire ErrorInfo for a response's error field
     */
    public static org.edgeiam.grpc.common.v2.ErrorInfo toProto(IamException e) {
        return toProto(e.toErrorInfo());
    }

    /**
     * @param e an error value
     * @return the wire ErrorInfo
     */
    public static org.edgeiam.grpc.common.v2.ErrorInfo toProto(ErrorInfo e) {
        return org.edgeiam.grpc.common.v2.ErrorInfo.newBuilder().setAosCode(e.code().aosCode())
                .setExitCode(e.exitCode()).setMessage(e.message()).build();
    }

    /**
     * @param wire an error another node sent
     * @return the API value; an unknown AosEdge code becomes {@link ErrorCode#FAILED}
     */
    public static ErrorInfo fromProto(org.edgeiam.grpc.common.v2.ErrorInfo wire) {
        ErrorCode code = ErrorCode.FAILED;
        for (ErrorCode c : ErrorCode.values()) {
            if (c.aosCode() == wire.getAosCode()) {
                code = c;
            }
        }
        return new ErrorInfo(code, wire.getExitCode(), wire.getMessage());
    }
}
