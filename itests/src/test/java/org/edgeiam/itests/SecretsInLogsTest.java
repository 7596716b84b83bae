package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.edgeiam.grpc.iamanager.v6.FinishProvisioningRequest;
import org.edgeiam.grpc.iamanager.v6.IAMProvisioningServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.StartProvisioningRequest;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.grpc.ManagedChannel;

/**
 * Secrets never reach the log: a full provisioning run at log level {@code trace} (a software
 * store and a SoftHSM2 token: StartProvisioning, CreateKey/ApplyCert for both, FinishProvisioning,
 * a restart in normal mode serving TLS with the token's key), then every log
 * line is searched for the owner password and for the user PINs that the stores generated.
 */
public class SecretsInLogsTest {
    private static final String PASSWORD = "Owner-Secret-4711";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private RuntimeNode node;

    @After
    public void stop() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void passwordAndPinsAreNeverLoggedEvenAtTrace() throws Exception {
        Path root = tmp.getRoot().toPath();
        TestCa ca = new TestCa(Files.createDirectories(root.resolve("ca")));
        Path tokens = Files.createDirectories(root.resolve("softhsm-tokens"));
        Path softhsmConf = Files.writeString(root.resolve("softhsm2.conf"),
                "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        String hsm = """
                , {"id": "hsm", "plugin": "pkcs11module", "algorithm": "ecc", "maxItems": 2,
                   "extendedKeyUsage": ["serverAuth", "clientAuth"], "alternativeNames": ["localhost"],
                   "params": {"library": "%s", "tokenLabel": "edgeiam-secrets", "userPinPath": "%s"}}
                """.formatted(EdgeIamTestSupport.SOFTHSM_LIBRARY, root.resolve("node/hsm.usrpin"));
        String config = UnitSetup.config(ca, "\"attrs\": {\"MainNode\": \"\"}", List.of("iam"), "")
                .replace("\"certStorage\": \"iam\"", "\"certStorage\": \"hsm\"");
        int modulesEnd = config.lastIndexOf(']');
        node = new RuntimeNode(root.resolve("node"), config.substring(0, modulesEnd) + hsm + config.substring(modulesEnd));
        node.arguments.addAll(List.of("-v", "trace"));
        node.environment.putAll(Map.of("SOFTHSM2_CONF", softhsmConf.toString()));
        Files.writeString(node.dir.resolve("node-id"), "secrets-node\n");

        node.start(true);
        ManagedChannel ch = node.plaintext(node.protectedPort);
        try {
            UnitSetup.awaitAnswer(ch);
            IAMProvisioningServiceGrpc.IAMProvisioningServiceBlockingStub prov = IAMProvisioningServiceGrpc
                    .newBlockingStub(ch);
            assertEquals("", prov.startProvisioning(StartProvisioningRequest.newBuilder().setPassword(PASSWORD)
                    .build()).getError().getMessage());
            UnitSetup.provisionType(ch, "", "iam", "localhost", ca, PASSWORD);
            UnitSetup.provisionType(ch, "", "hsm", "localhost", ca, PASSWORD);
            assertEquals("", prov.finishProvisioning(FinishProvisioningRequest.newBuilder().setPassword(PASSWORD)
                    .build()).getError().getMessage());
        } finally {
            ch.shutdownNow();
        }
        node.stop();
        node.start(false).awaitLog("protected gRPC server listening on");
        ManagedChannel tls = node.mutualTls(ca.cert(), ca.client("cm"));
        try {
            UnitSetup.awaitAnswer(tls);
        } catch (RuntimeException e) {
            throw new AssertionError("no answer over mutual TLS; the log:\n" + Files.readString(node.log), e);
        } finally {
            tls.shutdownNow();
        }
        node.stop();

        List<String> secrets = new ArrayList<>(List.of(PASSWORD));
        secrets.add(Files.readString(node.dir.resolve("keys/iam/.usrpin")).strip());
        secrets.add(Files.readString(node.dir.resolve("hsm.usrpin")).strip());
        long lines = 0;
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(node.dir, "runtime-*.log")) {
            for (Path log : logs) {
                String text = Files.readString(log);
                lines += text.lines().count();
                for (String secret : secrets) {
                    assertFalse(log.getFileName() + " contains a secret of " + secret.length() + " characters",
                            text.contains(secret));
                }
            }
        }
        System.out.println("SecretsInLogsTest: " + lines + " log lines at trace, none with the password or the "
                + (secrets.size() - 1) + " user PINs");
        assertTrue("trace logging was on", lines > 200);
    }
}
