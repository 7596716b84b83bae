package org.edgeiam.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HealthCommandsTest {

    @Test
    void secretsAreMaskedButPathsAndOrdinaryValuesShown() {
        assertEquals("********", HealthCommands.shown("db.key", "s3cr3t"));
        assertEquals("********", HealthCommands.shown("params.pin", "1234"));
        assertEquals("********", HealthCommands.shown("ownerPassword", "x"));
        assertEquals("/var/aos/iam/.usrpin", HealthCommands.shown("params.userPinPath", "/var/aos/iam/.usrpin"));
        assertEquals(":8090", HealthCommands.shown("public.url", ":8090"));
        assertEquals("[a, b]", HealthCommands.shown("attrs", new String[] {"a", "b"}));
    }
}
