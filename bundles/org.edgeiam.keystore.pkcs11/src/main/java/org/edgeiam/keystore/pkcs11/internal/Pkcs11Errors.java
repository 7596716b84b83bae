package org.edgeiam.keystore.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CRYPTOKI_NOT_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_DEVICE_ERROR;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_DEVICE_REMOVED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_GENERAL_ERROR;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_SESSION_CLOSED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_SESSION_HANDLE_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_SLOT_ID_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_TOKEN_NOT_PRESENT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_TOKEN_NOT_RECOGNIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_NOT_LOGGED_IN;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.xipki.pkcs11.wrapper.PKCS11Exception;

/**
 * Turns PKCS#11 return values into {@link IamException}s that name the {@code CKR_} value, and
 * tells which of them a fresh session (and, for {@code CKR_CRYPTOKI_NOT_INITIALIZED} and device
 * errors, a fresh {@code C_Initialize}) can cure.
 */
final class Pkcs11Errors {
    private Pkcs11Errors() {
    }

    /** @return whether the operation may succeed on a new, logged-in session */
    static boolean recoverable(PKCS11Exception e) {
        long code = e.getErrorCode();
        return code == CKR_SESSION_HANDLE_INVALID || code == CKR_SESSION_CLOSED || code == CKR_USER_NOT_LOGGED_IN
                || code == CKR_CRYPTOKI_NOT_INITIALIZED || code == CKR_DEVICE_REMOVED || code == CKR_TOKEN_NOT_PRESENT
                || code == CKR_SLOT_ID_INVALID;
    }

    /**
     * @return whether the error is about the device rather than the call: only a new
     *         {@code C_Initialize} finds a token again that was removed and put back
     */
    static boolean device(PKCS11Exception e) {
        long code = e.getErrorCode();
        return code == CKR_GENERAL_ERROR || code == CKR_DEVICE_ERROR || code == CKR_DEVICE_REMOVED
                || code == CKR_TOKEN_NOT_PRESENT || code == CKR_TOKEN_NOT_RECOGNIZED;
    }

    static boolean is(PKCS11Exception e, long code) {
        return e.getErrorCode() == code;
    }

    /** @return {@code RUNTIME}: "{@code what} failed: CKR_…", with a hint for device errors */
    static IamException runtime(String what, PKCS11Exception e) {
        return new IamException(ErrorCode.RUNTIME, what + " failed: " + name(e)
                + (device(e) ? " (the token is missing or failing; is it plugged in?)" : ""), e);
    }

    static String name(PKCS11Exception e) {
        String name = e.getErrorName();
        return name == null || name.isEmpty() ? "CKR_0x" + Long.toHexString(e.getErrorCode()) : name;
    }
}
