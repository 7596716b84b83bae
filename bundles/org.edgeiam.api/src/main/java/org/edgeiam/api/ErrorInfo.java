package org.edgeiam.api;

import java.util.Objects;

/**
 * An error as a value, carried inside DTOs (for example the {@code error} of a node).
 *
 * @param code the error code
 * @param exitCode an OS error number or exit status, 0 if none
 * @param message a secret-free description
 * @since 1.0
 */
public record ErrorInfo(ErrorCode code, int exitCode, String message) {
    /** Canonical constructor: code and message must not be {@code null}. */
    public ErrorInfo {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
