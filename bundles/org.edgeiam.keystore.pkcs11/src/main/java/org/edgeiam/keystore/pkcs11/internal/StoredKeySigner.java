package org.edgeiam.keystore.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_CLASS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_TOKEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_KEY_HANDLE_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_OBJECT_HANDLE_INVALID;

import java.util.Arrays;
import java.util.HexFormat;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * Signs with the private key token object of a cert type that has a given {@code CKA_ID}, on the
 * store's pooled sessions. The handle found is kept for the next signatures: before each use,
 * one {@code C_GetAttributeValue} checks that it still names that key ({@code CKA_CLASS},
 * {@code CKA_TOKEN}, {@code CKA_ID}, {@code CKA_LABEL}), which costs far less than a
 * {@code C_FindObjects} over the token. A handle that names nothing or something else (the key
 * was removed, a logout invalidated it, the library was initialised again) is looked up again.
 */
final class StoredKeySigner implements TokenPrivateKey.RawSigner {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private record Cached(long handle, int generation) {
    }

    private final TokenSessions sessions;
    private final String certType;
    private final byte[] id;
    private volatile Cached cached;

    StoredKeySigner(TokenSessions sessions, String certType, byte[] id) {
        this.sessions = sessions;
        this.certType = certType;
        this.id = id.clone();
    }

    @Override
    public byte[] sign(Mechanism mechanism, byte[] input) throws IamException {
        return this.sessions.withUser("signing with key " + HEX.formatHex(this.id),
                s -> s.signSingle(mechanism, handle(s), input));
    }

    private long handle(Session session) throws PKCS11Exception, IamException {
        int generation = this.sessions.library().generation();
        Cached known = this.cached;
        if (known != null && known.generation() == generation && names(session, known.handle())) {
            return known.handle();
        }
        long[] handles = TokenObjects.find(session, CKO_PRIVATE_KEY, this.id, this.certType);
        if (handles.length == 0) {
            throw new IamException(ErrorCode.NOT_FOUND, "cert type " + this.certType + " has no key "
                    + HEX.formatHex(this.id));
        }
        this.cached = new Cached(handles[0], generation);
        return handles[0];
    }

    private boolean names(Session session, long handle) throws PKCS11Exception {
        AttributeVector attrs;
        try {
            attrs = session.getAttrValues(handle, CKA_CLASS, CKA_TOKEN, CKA_ID, CKA_LABEL);
        } catch (PKCS11Exception e) {
            if (Pkcs11Errors.is(e, CKR_OBJECT_HANDLE_INVALID) || Pkcs11Errors.is(e, CKR_KEY_HANDLE_INVALID)) {
                return false;
            }
            throw e;
        }
        Long objectClass = attrs.class_();
        return objectClass != null && objectClass == CKO_PRIVATE_KEY && Boolean.TRUE.equals(attrs.token())
                && Arrays.equals(attrs.id(), this.id) && this.certType.equals(attrs.label());
    }
}
