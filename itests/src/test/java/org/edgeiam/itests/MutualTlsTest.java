package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.edgeiam.grpc.iamanager.IAMVersionServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.CertInfo;
import org.edgeiam.grpc.iamanager.v6.GetCertRequest;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCertServiceGrpc;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;

/**
 * The protected server of a provisioned runtime (normal mode) accepts only client certificates
 * chained to its CA, valid now and not revoked by trimming: no certificate, a certificate of a
 * foreign CA, an expired one and one that a newer certificate of its type replaced are each
 * refused in the TLS handshake — seen by a gRPC client and by {@code openssl s_client}, which
 * prints the server's alert. While the storage bundle is stopped, the revocation list copied as
 * the database went away still refuses the trimmed certificate and lets the current one in.
 */
public class MutualTlsTest {
    private static final String PASSWORD = "mtls-owner-password";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private RuntimeNode main;

    @After
    public void stop() throws InterruptedException {
        if (main != null) {
            main.close();
        }
    }

    @Test
    public void protectedServerRefusesMissingForeignAndExpiredClientCertificates() throws Exception {
        Path root = tmp.getRoot().toPath();
        TestCa ca = new TestCa(Files.createDirectories(root.resolve("ca")));
        TestCa foreign = new TestCa(Files.createDirectories(root.resolve("foreign")));
        main = new RuntimeNode(root.resolve("main"), UnitSetup.config(ca, "\"attrs\": {\"MainNode\": \"\"}",
                List.of("iam", "cm"), ""));
        Files.writeString(main.dir.resolve("node-id"), "mtls-main\n");
        UnitSetup.provisionMainNode(main, ca, PASSWORD, "localhost");
        main.start(false).awaitLog("protected gRPC server listening on");
        Path[] valid = ca.client("cm");
        ManagedChannel ok = main.mutualTls(ca.cert(), valid);
        Path[] trimmed;
        Path[] current;
        try {
            UnitSetup.awaitAnswer(ok);
            assertEquals(6, version(ok));
            // the cm type keeps 2 certificates: the third one trims (and revokes) the first
            UnitSetup.provisionType(ok, "", "cm", "cm-client", ca, PASSWORD);
            trimmed = clientOfType(ok, "cm", "first");
            UnitSetup.provisionType(ok, "", "cm", "cm-client", ca, PASSWORD);
            UnitSetup.provisionType(ok, "", "cm", "cm-client", ca, PASSWORD);
            current = clientOfType(ok, "cm", "third");
        } finally {
            ok.shutdownNow();
        }
        assertEquals("the current cm certificate is accepted", Status.Code.OK, grpcCall(ca.cert(), current));
        main.awaitLog("certificate " + ca.serialOf(Files.readString(trimmed[0])) + " (valid until");
        assertFalse("a valid client certificate is accepted", sClient(ca.cert(), valid).toLowerCase().contains("alert"));

        Object[][] refused = {{"no client certificate", null}, {"a foreign CA's certificate", foreign.client("intruder")},
            {"an expired certificate", ca.expiredClient("late")}, {"a certificate revoked by trimming", trimmed}};
        for (Object[] c : refused) {
            Path[] client = (Path[]) c[1];
            assertEquals(c[0] + " is refused", Status.Code.UNAVAILABLE, grpcCall(ca.cert(), client));
            String out = sClient(ca.cert(), client);
            assertTrue(c[0] + ": openssl s_client sees no alert:\n" + out, out.toLowerCase().contains("alert"));
        }

        // while the database is away (a storage upgrade or restart) the revocation list read as it went is used
        String storage = bundleId("org.edgeiam.storage.sqlite");
        main.command("stop " + storage);
        try {
            // what the stopping components log goes to the runtime's log, not into the command's answer
            main.awaitLog("SQLite storage at " + main.dir.resolve("work/iamanager.db") + " closed");
            assertEquals("without the database, the current certificate is accepted", Status.Code.OK,
                    grpcCall(ca.cert(), current));
            assertEquals("without the database, the trimmed certificate is refused", Status.Code.UNAVAILABLE,
                    grpcCall(ca.cert(), trimmed));
        } finally {
            main.command("start " + storage);
        }
    }

    private String bundleId(String symbolicName) throws Exception {
        for (String line : main.command("lb -s").lines().toList()) {
            if (line.contains("|" + symbolicName + " (")) {
                return line.substring(0, line.indexOf('|')).strip();
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }


    /**
     * @return the current certificate of a cert type as a client's certificate file and plain key
     *         file (the soft store's key decrypted with the type's user PIN file)
     */
    private Path[] clientOfType(ManagedChannel ch, String type, String name) throws Exception {
        CertInfo info = IAMPublicCertServiceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
                .getCert(GetCertRequest.newBuilder().setType(type).build());
        Path cert = tmp.getRoot().toPath().resolve(name + ".crt");
        Files.copy(Path.of(URI.create(info.getCertUrl())), cert);
        Path key = tmp.getRoot().toPath().resolve(name + ".key");
        TestCa.openssl("pkey", "-in", Path.of(URI.create(info.getKeyUrl())).toString(), "-passin",
                "file:" + main.dir.resolve("keys/" + type + "/.usrpin"), "-out", key.toString());
        return new Path[] {cert, key};
    }

    private long version(ManagedChannel ch) {
        return IAMVersionServiceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
                .getAPIVersion(Empty.getDefaultInstance()).getVersion();
    }

    private Status.Code grpcCall(Path caCert, Path[] client) throws IOException {
        SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(caCert.toFile());
        if (client != null) {
            tls.keyManager(client[0].toFile(), client[1].toFile());
        }
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", main.protectedPort).overrideAuthority("localhost")
                .sslContext(tls.build()).build();
        try {
            version(ch);
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        } finally {
            ch.shutdownNow();
        }
    }

    /** @return what {@code openssl s_client} prints for a connection that sends a line and waits for the close */
    private String sClient(Path caCert, Path[] client) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + main.protectedPort,
                "-CAfile", caCert.toString(), "-verify_return_error", "-brief", "-ign_eof"));
        if (client != null) {
            cmd.addAll(List.of("-cert", client[0].toString(), "-key", client[1].toString()));
        }
        Path input = Files.writeString(tmp.getRoot().toPath().resolve("s_client.in"), "not http/2\n");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(input.toFile()).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
