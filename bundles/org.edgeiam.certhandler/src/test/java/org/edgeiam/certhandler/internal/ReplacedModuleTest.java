package org.edgeiam.certhandler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.Test;

/**
 * A cert type whose module is being replaced (its configuration was updated: the old module goes,
 * the new one comes) answers UNAVAILABLE, which callers may wait out, not NOT_FOUND; a type that
 * was never configured stays unknown.
 */
class ReplacedModuleTest extends CertModuleTestBase {

    @Test
    void aTypeWhoseModuleIsBeingReplacedIsUnavailableNotUnknown() throws Exception {
        CertHandlerImpl handler = new CertHandlerImpl();
        CertModule old = givenModule("online", "softmodule", Map.of());
        handler.addModule(old);

        handler.removeModule(old);

        IamException replacing = assertThrows(IamException.class, () -> handler.getCertificates("online"));
        assertEquals(ErrorCode.UNAVAILABLE, replacing.code(), replacing.getMessage());
        assertEquals("cert type 'online' is being reconfigured", replacing.getMessage());
        IamException unknown = assertThrows(IamException.class, () -> handler.getCertificates("never"));
        assertEquals(ErrorCode.NOT_FOUND, unknown.code());
        handler.addModule(givenModule("online", "softmodule", Map.of()));
        assertEquals(0, handler.getCertificates("online").size());
    }
}
