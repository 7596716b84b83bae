package org.edgeiam.keystore.pkcs11.internal;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.TokenInfo;

/**
 * Finds the slot of a store's token as AosEdge does: by slot ID, by index in the list of slots
 * with a token, or by label (the first token with that label, else the first uninitialised
 * token). It looks every time, because tokens move: SoftHSM2 gives a token a new slot ID when it
 * is initialised.
 */
final class SlotFinder {
    /** The slot of the token and its info, read in the same lookup. */
    record Found(Slot slot, TokenInfo info) {
    }

    private final Pkcs11Library library;
    private final ModuleParams params;

    SlotFinder(Pkcs11Library library, ModuleParams params) {
        this.library = library;
        this.params = params;
    }

    /**
     * @throws IamException {@code NOT_FOUND} naming the slot ID, index or token label
     */
    Found find() throws PKCS11Exception, IamException {
        Slot[] slots = this.library.slotsWithToken();
        if (this.params.slotId().isPresent()) {
            long id = this.params.slotId().get();
            for (Slot slot : slots) {
                if (slot.getSlotID() == id) {
                    return new Found(slot, slot.getToken().getTokenInfo());
                }
            }
            throw notFound("no token in PKCS#11 slot ID " + id);
        }
        if (this.params.slotIndex().isPresent()) {
            int index = this.params.slotIndex().get();
            if (index >= slots.length) {
                throw notFound("no PKCS#11 slot with a token at index " + index + " (" + slots.length + " slots)");
            }
            return new Found(slots[index], slots[index].getToken().getTokenInfo());
        }
        Found free = null;
        for (Slot slot : slots) {
            TokenInfo info = slot.getToken().getTokenInfo();
            if (label(info).equals(this.params.tokenLabel())) {
                return new Found(slot, info);
            }
            if (free == null && !info.isTokenInitialized()) {
                free = new Found(slot, info);
            }
        }
        if (free == null) {
            throw notFound("no PKCS#11 token labelled '" + this.params.tokenLabel() + "' and no uninitialised token");
        }
        return free;
    }

    /**
     * Finds a token right after {@code C_InitToken}: in the same slot if it is still there and
     * initialised with the label, else in the first slot whose initialised token has the label.
     */
    Slot findInitialised(long formerSlotId, String label) throws PKCS11Exception, IamException {
        Slot match = null;
        for (Slot slot : this.library.slotsWithToken()) {
            TokenInfo info = slot.getToken().getTokenInfo();
            if (info.isTokenInitialized() && label(info).equals(label)) {
                if (slot.getSlotID() == formerSlotId) {
                    return slot;
                }
                match = match == null ? slot : match;
            }
        }
        if (match == null) {
            throw notFound("the PKCS#11 token initialised as '" + label + "' is gone");
        }
        return match;
    }

    static String label(TokenInfo info) {
        String label = info.getLabel();
        return label == null ? "" : label.trim();
    }

    private IamException notFound(String what) {
        return new IamException(ErrorCode.NOT_FOUND, what + " in " + this.library.path());
    }
}
