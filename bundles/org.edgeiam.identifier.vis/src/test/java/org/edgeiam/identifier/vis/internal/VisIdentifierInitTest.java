package org.edgeiam.identifier.vis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.Test;

/** Activation: every configuration error fails it with a message naming the property. */
class VisIdentifierInitTest extends VisIdentifierTestBase {

    @Test
    void initFailsOnEmptyConfig() {
        IamException e = assertThrows(IamException.class, () -> new VisIdentifier(new TestConfig()));

        thenMentions(e, ErrorCode.INVALID_ARGUMENT, "vis.server is empty");
    }

    @Test
    void initFailsOnUrlThatIsNotWebSocket() {
        this.config.visServer("http://127.0.0.1:8080");

        whenActivated();

        thenActivationFails(ErrorCode.INVALID_ARGUMENT, "vis.server", "http://127.0.0.1:8080", "ws://");
    }

    @Test
    void initFailsOnMalformedUrl() {
        this.config.visServer("wss://bad host:443");

        whenActivated();

        thenActivationFails(ErrorCode.INVALID_ARGUMENT, "vis.server", "is not a URL");
    }

    @Test
    void initFailsOnUrlWithCredentials() {
        this.config.visServer("wss://user:secret@127.0.0.1:443");

        whenActivated();

        thenActivationFails(ErrorCode.INVALID_ARGUMENT, "vis.server must not have user info");
        assertFalse(this.failure.getMessage().contains("secret"));
    }

    @Test
    void initFailsOnInvalidTimeout() {
        this.config.webSocketTimeout("2 minutes");

        whenActivated();

        thenActivationFails(ErrorCode.INVALID_ARGUMENT, "web.socket.timeout", "2 minutes");
    }

    @Test
    void initFailsOnZeroTimeout() {
        this.config.webSocketTimeout("0s");

        whenActivated();

        thenActivationFails(ErrorCode.INVALID_ARGUMENT, "web.socket.timeout", "must be positive");
    }

    @Test
    void initFailsOnMissingCaFile() {
        String missing = this.dir.resolve("missing-ca.pem").toString();
        this.config.visServer("wss://127.0.0.1:1").caCertFile(missing);

        whenActivated();

        thenActivationFails(ErrorCode.NOT_FOUND, "ca.cert.file", missing);
    }

    @Test
    void initFailsOnCaFileWithoutCertificate() throws Exception {
        String notPem = Files.writeString(this.dir.resolve("ca.pem"), "not a certificate\n").toString();
        this.config.visServer("wss://127.0.0.1:1").caCertFile(notPem);

        whenActivated();

        thenActivationFails(ErrorCode.INVALID_ARGUMENT, "ca.cert.file", notPem);
    }

    @Test
    void caFileIsNotReadForPlainWebSocket() throws Exception {
        this.config.caCertFile(this.dir.resolve("missing-ca.pem").toString());

        givenConnected();

        assertEquals(VIN, this.identifier.systemInfo().systemId());
    }
}
