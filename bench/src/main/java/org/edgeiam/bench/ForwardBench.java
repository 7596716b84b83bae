package org.edgeiam.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.edgeiam.grpc.iamanager.v6.CreateKeyRequest;
import org.edgeiam.grpc.iamanager.v6.GetCertTypesRequest;
import org.edgeiam.grpc.iamanager.v6.IAMCertificateServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMProvisioningServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.StartProvisioningRequest;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;

/**
 * CreateKey through the main node for a real secondary runtime (two processes, software key
 * stores, plaintext in provisioning mode) next to CreateKey on the main node itself: the
 * difference is what forwarding over the RegisterNode stream costs end to end.
 */
public final class ForwardBench {
    private static final String MODULE = ", \"certModules\": [{\"id\": \"iam\", \"plugin\": \"softmodule\","
            + " \"algorithm\": \"ecc\", \"maxItems\": 2, \"params\": {\"storePath\": \"%s/keys\","
            + " \"userPinPath\": \"%s/keys/.usrpin\"}}]";

    private ForwardBench() {
    }

    /** @param args runtime jar, seconds per phase, rounds */
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Path root = Files.createTempDirectory("edgeiam-forward-bench");
        Path mainDir = Files.createDirectories(root.resolve("main-node"));
        Path secDir = Files.createDirectories(root.resolve("secondary-node"));
        try (RuntimeProcess main = new RuntimeProcess(jar, mainDir, MODULE.formatted(mainDir, mainDir))) {
            ManagedChannel prot = main.protectedChannel();
            IAMProvisioningServiceGrpc.IAMProvisioningServiceBlockingStub prov = IAMProvisioningServiceGrpc
                    .newBlockingStub(prot);
            main.waitFor(() -> prov.withDeadlineAfter(1, TimeUnit.SECONDS)
                    .getCertTypes(GetCertTypesRequest.getDefaultInstance()));
            prov.startProvisioning(StartProvisioningRequest.newBuilder().setPassword("bench").build());
            String urls = ", \"mainIAMPublicServerURL\": \"127.0.0.1:%d\", \"mainIAMProtectedServerURL\": \"127.0.0.1:%d\""
                    .formatted(main.publicPort, main.protectedPort);
            try (RuntimeProcess secondary = new RuntimeProcess(jar, secDir, "\"nodeType\": \"secondary\"",
                    MODULE.formatted(secDir, secDir) + urls)) {
                String node = secDir.getFileName().toString();
                main.waitFor(() -> {
                    if (prov.getCertTypes(GetCertTypesRequest.newBuilder().setNodeId(node).build()).getTypesCount() == 0) {
                        throw new IllegalStateException("secondary not ready");
                    }
                });
                if (prov.startProvisioning(StartProvisioningRequest.newBuilder().setNodeId(node).setPassword("bench")
                        .build()).hasError()) {
                    throw new IllegalStateException("the secondary refused StartProvisioning");
                }
                IAMCertificateServiceGrpc.IAMCertificateServiceStub certs = IAMCertificateServiceGrpc.newStub(prot);
                Consumer<StreamObserver<Object>> local = o -> certs.createKey(CreateKeyRequest.newBuilder()
                        .setType("iam").setSubject("bench").build(), GetCertBench.cast(o));
                Consumer<StreamObserver<Object>> forwarded = o -> certs.createKey(CreateKeyRequest.newBuilder()
                        .setNodeId(node).setType("iam").setSubject("bench").build(), GetCertBench.cast(o));
                GrpcLoad.run(local, 1, 2);
                GrpcLoad.run(forwarded, 1, 2);
                for (int r = 1; r <= rounds; r++) {
                    System.out.printf("round %d  CreateKey on the main node:       %s%n", r, GrpcLoad.run(local, 1, seconds));
                    System.out.printf("round %d  CreateKey forwarded to secondary: %s%n", r,
                            GrpcLoad.run(forwarded, 1, seconds));
                }
            }
            prot.shutdownNow();
        }
    }
}
