package org.edgeiam.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.edgeiam.grpc.iamanager.IAMVersionServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.CreateKeyRequest;
import org.edgeiam.grpc.iamanager.v6.CreateKeyResponse;
import org.edgeiam.grpc.iamanager.v6.GetCertRequest;
import org.edgeiam.grpc.iamanager.v6.IAMCertificateServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCertServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCurrentNodeServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicPermissionsServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.PermissionsRequest;
import org.edgeiam.keystore.soft.internal.SoftKeyStorage;
import org.edgeiam.spi.keystore.ModuleStore;

import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;

/**
 * The RPCs that {@link LoadBench} drives against one runtime, and how that runtime is set up for
 * them: cert type {@code iam} with a certificate in its software store (GetCert), an owned empty
 * software store for cert type {@code online} (CreateKey, P-384), the permission handler on with
 * 256 registered instances (GetPermissions asks for the 129th). Each RPC is called once, blocking,
 * before any load, and refuses to be measured if the answer is an error or empty.
 */
final class LoadRpcs {
    /**
     * One measured RPC.
     *
     * @param name for the table
     * @param call starts one async call
     * @param targeted whether the target (0.9 of the echo's requests/s) applies
     * @param slow whether the open loop runs at min(RATE, half its closed-loop rate)
     */
    record Rpc(String name, Consumer<StreamObserver<Object>> call, boolean targeted, boolean slow) {
    }

    private LoadRpcs() {
    }

    /** @return the configuration members for a runtime in {@code dir}, after preparing its stores */
    static String prepare(Path dir) throws Exception {
        GetCertBench.prepareStore(dir.resolve("keys/iam"));
        ModuleStore online = new SoftKeyStorage().open("online",
                Map.of("storePath", Files.createDirectories(dir.resolve("keys/online")).toString()));
        online.setOwner("bench-owner".toCharArray());
        online.close();
        return """
                , "enablePermissionsHandler": true, "certModules": [
                 {"id": "iam", "plugin": "softmodule", "params": {"storePath": "%s"}},
                 {"id": "online", "plugin": "softmodule", "algorithm": "ecc", "params": {"storePath": "%s"}}]
                """.formatted(dir.resolve("keys/iam"), dir.resolve("keys/online"));
    }

    /**
     * Waits for the runtime, registers the instances and checks every RPC once.
     *
     * @return echo first, then GetCert, GetPermissions, GetCurrentNodeInfo, CreateKey
     */
    static List<Rpc> start(RuntimeProcess runtime, ManagedChannel pub, ManagedChannel prot) throws Exception {
        GetCertRequest cert = GetCertRequest.newBuilder().setType("iam").build();
        runtime.waitFor(() -> IAMPublicCertServiceGrpc.newBlockingStub(pub).withDeadlineAfter(1, TimeUnit.SECONDS)
                .getCert(cert));
        String secret = null;
        for (int i = 0; i < 256; i++) {
            String s = PermissionsBench.register(prot, i);
            secret = i == 128 ? s : secret;
        }
        PermissionsRequest perms = PermissionsRequest.newBuilder().setSecret(secret).setFunctionalServerId("vis")
                .build();
        CreateKeyRequest key = CreateKeyRequest.newBuilder().setType("online").setSubject("bench").build();
        check("GetCert", !IAMPublicCertServiceGrpc.newBlockingStub(pub).getCert(cert).getCertUrl().isEmpty());
        check("GetPermissions", IAMPublicPermissionsServiceGrpc.newBlockingStub(pub).getPermissions(perms)
                .getPermissions().getPermissionsMap().containsKey("*"));
        check("GetCurrentNodeInfo", !IAMPublicCurrentNodeServiceGrpc.newBlockingStub(pub)
                .getCurrentNodeInfo(Empty.getDefaultInstance()).getNodeId().isEmpty());
        var created = IAMCertificateServiceGrpc.newBlockingStub(prot).createKey(key);
        check("CreateKey (" + created.getError().getMessage() + ")", !created.hasError()
                && created.getCsr().startsWith("-----BEGIN CERTIFICATE REQUEST-----"));
        var version = IAMVersionServiceGrpc.newStub(pub);
        var certs = IAMPublicCertServiceGrpc.newStub(pub);
        var permissions = IAMPublicPermissionsServiceGrpc.newStub(pub);
        var node = IAMPublicCurrentNodeServiceGrpc.newStub(pub);
        var keys = IAMCertificateServiceGrpc.newStub(prot);
        return List.of(
                new Rpc("echo (GetAPIVersion)", o -> version.getAPIVersion(Empty.getDefaultInstance(), cast(o)),
                        false, false),
                new Rpc("GetCert", o -> certs.getCert(cert, cast(o)), true, false),
                new Rpc("GetPermissions", o -> permissions.getPermissions(perms, cast(o)), true, false),
                new Rpc("GetCurrentNodeInfo", o -> node.getCurrentNodeInfo(Empty.getDefaultInstance(), cast(o)),
                        false, false),
                new Rpc("CreateKey (P-384)", o -> keys.createKey(key, failOnError(o)), false, true));
    }

    private static <T> StreamObserver<T> cast(StreamObserver<Object> o) {
        return GetCertBench.cast(o);
    }

    /** CreateKey reports its failures in the response: pass them on as failed calls. */
    private static StreamObserver<CreateKeyResponse> failOnError(StreamObserver<Object> o) {
        return new StreamObserver<>() {
            private boolean failed;

            @Override
            public void onNext(CreateKeyResponse value) {
                this.failed = value.hasError();
            }

            @Override
            public void onError(Throwable t) {
                o.onError(t);
            }

            @Override
            public void onCompleted() {
                if (this.failed) {
                    o.onError(new IllegalStateException("CreateKey answered with an error"));
                } else {
                    o.onCompleted();
                }
            }
        };
    }

    private static void check(String rpc, boolean ok) {
        if (!ok) {
            throw new IllegalStateException(rpc + " did not answer as expected; not measuring it");
        }
    }
}
