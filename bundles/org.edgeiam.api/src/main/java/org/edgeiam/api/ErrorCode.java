package org.edgeiam.api;

/**
 * Error codes of EdgeIAM. Codes 0–14 carry the number of the AosEdge {@code ErrorEnum} so that
 * {@code common.v2.ErrorInfo.aos_code} on the wire means the same to AosEdge clients; EdgeIAM's
 * own codes start at 100.
 *
 * @since 1.0
 */
public enum ErrorCode {
    /** Generic failure ("failed"). */
    FAILED(1),
    /** Unexpected runtime error ("runtime error"), e.g. an I/O error. */
    RUNTIME(2),
    /** A fixed limit was reached ("not enough memory" in AosEdge). */
    NO_MEMORY(3),
    /** A value is out of its allowed range. */
    OUT_OF_RANGE(4),
    /** The requested item does not exist. */
    NOT_FOUND(5),
    /** An argument or a configuration value is invalid. */
    INVALID_ARGUMENT(6),
    /** An operation did not finish in time. */
    TIMEOUT(7),
    /** The item exists already. */
    ALREADY_EXIST(8),
    /** The operation is not allowed in the current state. */
    WRONG_STATE(9),
    /** A checksum or signature does not verify. */
    INVALID_CHECKSUM(10),
    /** A session is already logged in. */
    ALREADY_LOGGED_IN(11),
    /** The operation is not supported. */
    NOT_SUPPORTED(12),
    /** Unexpected end of data. */
    EOF(13),
    /** The operation was cancelled. */
    CANCELED(14),
    /** A backend (storage, key store, identifier) is not available right now; retry later. */
    UNAVAILABLE(100);

    private final int aosCode;

    ErrorCode(int aosCode) {
        this.aosCode = aosCode;
    }

    /**
     * @return the number sent as {@code ErrorInfo.aos_code}
     */
    public int aosCode() {
        return aosCode;
    }
}
