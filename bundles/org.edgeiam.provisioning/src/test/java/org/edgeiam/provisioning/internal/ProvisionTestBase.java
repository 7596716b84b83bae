package org.edgeiam.provisioning.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** A ProvisionManagerImpl on fakes, with hooks that record that they ran. */
abstract class ProvisionTestBase {
    static final String OWNER = "owner-password-1";
    static final String WRONG = "guessed-password";

    @TempDir
    Path tmp;

    final FakeCertHandler handler = new FakeCertHandler();
    final FakeCurrentNode node = new FakeCurrentNode();
    ProvisionManagerImpl manager;

    @BeforeEach
    void givenManager() {
        this.manager = new ProvisionManagerImpl(new HookConfig(journal()));
        this.manager.bindCertHandler(this.handler);
        this.manager.bindCurrentNode(this.node);
    }

    Path journal() {
        return this.tmp.resolve("hooks");
    }

    /** @return the hooks that ran, in order */
    List<String> hooksRun() throws IOException {
        return Files.exists(journal()) ? Files.readAllLines(journal()) : List.of();
    }

    /** The password is refused naming the cert type, never showing the password. */
    static IamException thenWrongPassword(String type, Executable call) {
        IamException e = thenFails(ErrorCode.INVALID_ARGUMENT, call);
        assertEquals("owner password check of cert type " + type + " failed: wrong owner password for fake store "
                + type, e.getMessage());
        assertFalse(e.getMessage().contains(WRONG));
        return e;
    }

    static IamException thenFails(ErrorCode code, Executable call) {
        IamException e = assertThrows(IamException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }
}
