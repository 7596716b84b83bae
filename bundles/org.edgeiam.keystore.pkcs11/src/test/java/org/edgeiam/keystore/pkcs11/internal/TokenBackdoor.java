package org.edgeiam.keystore.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ALWAYS_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_NEVER_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_PRIVATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_SIGN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_TOKEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_ALREADY_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_USER;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;

/**
 * Direct access to the SoftHSM token through ipkcs11wrapper, behind the stores' backs: what an
 * HSM timeout, another process or an operator would do. It relies on the library being
 * initialised already by a component in this process.
 */
final class TokenBackdoor implements AutoCloseable {
    private final PKCS11Module module;
    private final Session session;

    TokenBackdoor(Path library, String label, Path pinFile) throws Exception {
        this.module = PKCS11Module.getInstance(library.toString());
        try {
            this.module.initialize();
            throw new IllegalStateException("the library was not initialised by a component");
        } catch (PKCS11Exception e) {
            assertEquals(CKR_CRYPTOKI_ALREADY_INITIALIZED, e.getErrorCode(), e.getErrorName());
        }
        Slot slot = null;
        for (Slot s : this.module.getSlotList(true)) {
            if (SlotFinder.label(s.getToken().getTokenInfo()).equals(label)) {
                slot = s;
            }
        }
        this.session = slot.getToken().openSession(true);
        try {
            this.session.login(CKU_USER, Files.readString(pinFile).strip().toCharArray());
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() != CKR_USER_ALREADY_LOGGED_IN) {
                throw e;
            }
        }
    }

    /** C_CloseAllSessions on every slot: every session of the process dies, logins end. */
    static void closeAllSessions(Path library) throws Exception {
        PKCS11Module module = PKCS11Module.getInstance(library.toString());
        try {
            module.initialize();
        } catch (PKCS11Exception e) {
            assertEquals(CKR_CRYPTOKI_ALREADY_INITIALIZED, e.getErrorCode(), e.getErrorName());
        }
        for (Slot slot : module.getSlotList(true)) {
            module.getPKCS11Module().C_CloseAllSessions(slot.getSlotID());
        }
    }

    /** C_Finalize behind the component's back. */
    static void finalizeLibrary(Path library) throws Exception {
        PKCS11Module module = PKCS11Module.getInstance(library.toString());
        module.finalize(null);
    }

    /**
     * @return the objects of a class and label (null: any label) that this process sees: token
     *         objects and the session objects of every session (SoftHSM2 shows them to all)
     */
    List<TokenObjects.Item> objects(long objectClass, String label) throws PKCS11Exception {
        AttributeVector template = new AttributeVector().class_(objectClass);
        if (label != null) {
            template.label(label);
        }
        List<TokenObjects.Item> items = new ArrayList<>();
        for (long handle : this.session.findAllObjectsSingle(template)) {
            AttributeVector attrs = this.session.getAttrValues(handle, CKA_ID, CKA_LABEL);
            items.add(new TokenObjects.Item(handle, objectClass, attrs.id() == null ? new byte[0] : attrs.id(),
                    attrs.label() == null ? "" : attrs.label()));
        }
        return items;
    }

    /** @return the token objects (not session objects) of a class and label (null: any label) */
    List<TokenObjects.Item> tokenObjects(long objectClass, String label) throws PKCS11Exception {
        return TokenObjects.find(this.session, objectClass, label);
    }

    void destroy(long objectClass, byte[] id, String label) throws PKCS11Exception {
        TokenObjects.destroy(this.session, TokenObjects.find(this.session, objectClass, id, label));
    }

    /**
     * @return CKA_TOKEN, CKA_PRIVATE, CKA_SENSITIVE, CKA_ALWAYS_SENSITIVE, CKA_EXTRACTABLE,
     *         CKA_NEVER_EXTRACTABLE, CKA_SIGN
     */
    List<Boolean> privateKeyFlags(long handle) throws PKCS11Exception {
        AttributeVector a = this.session.getAttrValues(handle, CKA_TOKEN, CKA_PRIVATE, CKA_SENSITIVE,
                CKA_ALWAYS_SENSITIVE, CKA_EXTRACTABLE, CKA_NEVER_EXTRACTABLE, CKA_SIGN);
        return List.of(a.token(), a.private_(), a.sensitive(), a.alwaysSensitive(), a.extractable(),
                a.neverExtractable(), a.sign());
    }

    /** @return CKA_TOKEN, CKA_PRIVATE of an object */
    List<Boolean> tokenAndPrivate(long handle) throws PKCS11Exception {
        AttributeVector a = this.session.getAttrValues(handle, CKA_TOKEN, CKA_PRIVATE);
        return List.of(a.token(), a.private_());
    }

    @Override
    public void close() throws PKCS11Exception {
        this.session.closeSession();
    }
}
