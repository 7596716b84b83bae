package org.edgeiam.certhandler.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

/** What the fuzz tests of this bundle share; docs/fuzzing.md. */
final class FuzzSupport {
    private FuzzSupport() {
    }

    /**
     * Call from {@code @BeforeAll}. Without {@code JAZZER_FUZZ} a fuzz test only runs its seeds:
     * Jazzer's bug-detector hooks then add a class-path scan of several seconds per module and check
     * nothing our contracts do not, so they are turned off unless set explicitly. Fuzzing keeps them
     * (they also carry the coverage instrumentation).
     */
    static void seedsWithoutHooks() {
        if (System.getenv("JAZZER_FUZZ") == null && System.getenv("JAZZER_HOOKS") == null
                && System.getProperty("jazzer.hooks") == null) {
            System.setProperty("jazzer.hooks", "false");
        }
    }

    /** A rejection has one of the {@code allowed} codes and a message that says why. */
    static void assertRejected(IamException e, Set<ErrorCode> allowed) {
        assertTrue(allowed.contains(e.code()), () -> "unexpected code " + e.code() + ": " + e.getMessage());
        assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a rejection says why");
    }
}
