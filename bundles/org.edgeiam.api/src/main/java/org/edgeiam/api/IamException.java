package org.edgeiam.api;

import java.util.Objects;

/**
 * The one checked exception of the EdgeIAM API. Every failure of a service or SPI call carries an
 * {@link ErrorCode}; only the gRPC server bundle turns it into a gRPC status or an
 * {@code ErrorInfo}. Messages never contain secrets.
 *
 * @since 1.0
 */
public class IamException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * @param code what kind of failure this is
     * @param message a precise, secret-free description (names the item, field or file)
     */
    public IamException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * @param code what kind of failure this is
     * @param message a precise, secret-free description
     * @param cause the underlying exception
     */
    public IamException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * @return the error code, never {@code null}
     */
    public ErrorCode code() {
        return code;
    }

    /**
     * @return this exception as an error value for DTOs and wire messages
     */
    public ErrorInfo toErrorInfo() {
        return new ErrorInfo(code, 0, getMessage());
    }
}
