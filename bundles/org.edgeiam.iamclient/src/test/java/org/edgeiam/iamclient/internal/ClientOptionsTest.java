package org.edgeiam.iamclient.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.testutil.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration checks: every error names the property; a bad interval falls back with a warning;
 * plaintext only when allowed.
 */
class ClientOptionsTest {
    @TempDir
    Path dir;

    private TestConfig valid() throws Exception {
        return new TestConfig().publicUrl("localhost:8090").protectedUrl("[::1]:8089")
                .caCert(new TestPki("CA").writeCa(dir.resolve("ca.pem")).toString());
    }

    private static void thenRejected(TestConfig config, String... mentioned) {
        IamException e = assertThrows(IamException.class, () -> ClientOptions.from(config));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
        for (String text : mentioned) {
            assertTrue(e.getMessage().contains(text), () -> "'" + text + "' expected in: " + e.getMessage());
        }
    }

    @Test
    void validConfigurationIsParsed() throws Exception {
        ClientOptions options = ClientOptions.from(valid());

        assertEquals(new HostPort("localhost", 8090), options.publicServer());
        assertEquals(new HostPort("::1", 8089), options.protectedServer());
        assertEquals("[::1]:8089", options.protectedServer().toString());
        assertEquals("iam", options.certStorage());
        assertEquals(200, options.reconnectIntervalMs());
    }

    @Test
    void badAddressesAreNamed() throws Exception {
        thenRejected(valid().publicUrl(""), "main.public.url", "required");
        thenRejected(valid().publicUrl(":8090"), "invalid main.public.url ':8090': the host is missing");
        thenRejected(valid().protectedUrl("localhost"), "main.protected.url", "expected host:port");
        thenRejected(valid().protectedUrl("localhost:http"), "the port is not a number");
        thenRejected(valid().protectedUrl("localhost:0"), "out of range");
    }

    @Test
    void missingCertTypeIsNamed() throws Exception {
        thenRejected(valid().certStorage(" "), "cert.storage is empty");
    }

    @Test
    void aMissingCaFailsOnlyTlsAndIsNamed() throws Exception {
        ClientOptions options = ClientOptions.from(valid().caCert(dir.resolve("nope.pem").toString()));
        ChannelFactory channels = new ChannelFactory(options.caCertFile(), true);
        Route plaintext = new Route(Route.Server.PUBLIC, options.publicServer(), Route.Credential.PLAINTEXT);
        channels.open(plaintext).shutdownNow();
        Route tls = new Route(Route.Server.PUBLIC, options.publicServer(), Route.Credential.TLS);
        IamException e = assertThrows(IamException.class, () -> channels.open(tls));
        assertTrue(e.getMessage().contains("ca.cert " + dir.resolve("nope.pem") + " does not exist"), e.getMessage());
        new TestPki("CA").writeCa(dir.resolve("nope.pem"));
        channels.open(tls).shutdownNow();
    }

    @Test
    void plaintextIsOffByDefault() throws Exception {
        assertFalse(ClientOptions.from(valid()).plaintextAllowed());
        assertTrue(ClientOptions.from(valid().allowPlaintext(true)).plaintextAllowed());
        assertTrue(ClientOptions.from(valid().provisioning(true)).plaintextAllowed());
    }

    @Test
    void emptyCaIsRejectedUnlessPlaintextIsAllowed() throws Exception {
        thenRejected(valid().caCert(" "), "ca.cert is empty", "caCert", "allow.plaintext", "mainIAMAllowPlaintext",
                "provisioning mode (-p)");
        assertEquals("", ClientOptions.from(valid().caCert("").allowPlaintext(true)).caCertFile());
        assertEquals("", ClientOptions.from(valid().caCert("").provisioning(true)).caCertFile());
    }

    @Test
    void plaintextChannelIsRefusedUnlessAllowed() throws Exception {
        ClientOptions options = ClientOptions.from(valid());
        Route plaintext = new Route(Route.Server.PUBLIC, options.publicServer(), Route.Credential.PLAINTEXT);

        IamException e = assertThrows(IamException.class,
                () -> new ChannelFactory(options.caCertFile(), false).open(plaintext));

        assertEquals(ErrorCode.WRONG_STATE, e.code());
        assertTrue(e.getMessage().contains("allow.plaintext"), e.getMessage());
    }

    @Test
    void nonPositiveIntervalFallsBackToTheDefault() throws Exception {
        try (LogCapture log = new LogCapture(ClientOptions.class)) {
            assertEquals(3000, ClientOptions.from(valid().reconnectIntervalMs(0)).reconnectIntervalMs());
            assertTrue(log.warned("Value 0 for reconnect.interval.ms is invalid. Using 3000."));
        }
    }
}
