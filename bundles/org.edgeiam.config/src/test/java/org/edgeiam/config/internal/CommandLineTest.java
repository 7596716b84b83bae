package org.edgeiam.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void noArgumentsGiveTheDefaults() throws IamException {
        CommandLine cli = CommandLine.parse();
        assertEquals(Path.of("configs/main-node.cfg"), cli.configFile());
        assertFalse(cli.provisioning());
        assertEquals(Optional.empty(), cli.logLevel());
    }

    @Test
    void shortAndLongOptionsAreAccepted() throws IamException {
        CommandLine shortForm = CommandLine.parse("-c", "x.cfg", "-p", "-v", "DEBUG");
        CommandLine longForm = CommandLine.parse("--config", "x.cfg", "--provisioning", "--verbose", "debug");
        assertEquals(shortForm, longForm);
        assertEquals(Path.of("x.cfg"), shortForm.configFile());
        assertTrue(shortForm.provisioning());
        assertEquals(Optional.of("debug"), shortForm.logLevel());
        assertEquals(Optional.of("warn"), CommandLine.parse("-v", "warning").logLevel());
    }

    @Test
    void unknownOptionIsNamed() {
        IamException e = assertThrows(IamException.class, () -> CommandLine.parse("--frobnicate"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("--frobnicate"), e.getMessage());
    }

    @Test
    void missingValueIsNamed() {
        IamException e = assertThrows(IamException.class, () -> CommandLine.parse("-c"));
        assertTrue(e.getMessage().contains("-c needs a value"), e.getMessage());
        e = assertThrows(IamException.class, () -> CommandLine.parse("-v", "-p"));
        assertTrue(e.getMessage().contains("-v needs a value"), e.getMessage());
    }

    @Test
    void unknownLogLevelIsRefused() {
        IamException e = assertThrows(IamException.class, () -> CommandLine.parse("-v", "loud"));
        assertTrue(e.getMessage().contains("'loud'"), e.getMessage());
    }
}
