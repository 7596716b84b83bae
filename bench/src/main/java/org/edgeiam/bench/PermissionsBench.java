package org.edgeiam.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.edgeiam.grpc.common.v2.InstanceIdent;
import org.edgeiam.grpc.iamanager.IAMVersionServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPermissionsServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicPermissionsServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.Permissions;
import org.edgeiam.grpc.iamanager.v6.PermissionsRequest;
import org.edgeiam.grpc.iamanager.v6.RegisterInstanceRequest;

import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;

/**
 * GetPermissions requests/s over gRPC against the runtime jar next to GetAPIVersion (bare
 * handler, same server) in the same run, closed loop; then GetPermissions latency at a fixed
 * open-loop rate. 256 instances are registered first (the AosEdge limit), so the constant-time
 * secret comparison has its full set to scan. Usage: PermissionsBench JAR [SECONDS] [ROUNDS]
 * [IN_FLIGHT] [RATE]
 */
public final class PermissionsBench {
    private PermissionsBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int inFlight = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        int rate = args.length > 4 ? Integer.parseInt(args[4]) : 5000;
        Path dir = Files.createTempDirectory("edgeiam-bench-perms");
        try (RuntimeProcess runtime = new RuntimeProcess(jar, dir, ", \"enablePermissionsHandler\": true")) {
            ManagedChannel prot = runtime.protectedChannel();
            ManagedChannel pub = runtime.publicChannel();
            runtime.waitFor(() -> IAMVersionServiceGrpc.newBlockingStub(pub).withDeadlineAfter(1, TimeUnit.SECONDS)
                    .getAPIVersion(Empty.getDefaultInstance()));
            String secret = null;
            for (int i = 0; i < 256; i++) {
                int n = i;
                String s = register(prot, n);
                secret = i == 128 ? s : secret;
            }
            PermissionsRequest request = PermissionsRequest.newBuilder().setSecret(secret).setFunctionalServerId("vis")
                    .build();
            IAMVersionServiceGrpc.IAMVersionServiceStub version = IAMVersionServiceGrpc.newStub(pub);
            IAMPublicPermissionsServiceGrpc.IAMPublicPermissionsServiceStub perms = IAMPublicPermissionsServiceGrpc
                    .newStub(pub);
            GrpcLoad.run(o -> version.getAPIVersion(Empty.getDefaultInstance(), GetCertBench.cast(o)), inFlight, 5);
            GrpcLoad.run(o -> perms.getPermissions(request, GetCertBench.cast(o)), inFlight, 5);
            double echo = 0;
            double get = 0;
            for (int r = 1; r <= rounds; r++) {
                GrpcLoad.Result e = GrpcLoad.run(o -> version.getAPIVersion(Empty.getDefaultInstance(),
                        GetCertBench.cast(o)), inFlight, seconds);
                GrpcLoad.Result g = GrpcLoad.run(o -> perms.getPermissions(request, GetCertBench.cast(o)), inFlight,
                        seconds);
                echo += e.perSecond();
                get += g.perSecond();
                System.out.printf("round %d: GetAPIVersion (bare) %s%n         GetPermissions      %s  (%.0f %%)%n", r,
                        e, g, 100 * g.perSecond() / e.perSecond());
            }
            System.out.printf("mean of %d rounds, %d in flight: GetAPIVersion %.0f req/s, GetPermissions %.0f req/s = %.0f %% of bare%n",
                    rounds, inFlight, echo / rounds, get / rounds, 100 * get / echo);
            GrpcLoad.Result open = GrpcLoad.openLoop(o -> perms.getPermissions(request, GetCertBench.cast(o)), rate,
                    seconds);
            System.out.printf("GetPermissions open loop at %d req/s for %d s: %s%n", rate, seconds, open);
            prot.shutdownNow();
            pub.shutdownNow();
        }
    }

    /** Registers instance {@code service<n>} with read-write permissions on {@code vis}, returns its secret. */
    static String register(ManagedChannel ch, int n) {
        return IAMPermissionsServiceGrpc.newBlockingStub(ch).registerInstance(RegisterInstanceRequest.newBuilder()
                .setInstance(InstanceIdent.newBuilder().setItemId("service" + n).setSubjectId("subject").setInstance(n))
                .putPermissions("vis", Permissions.newBuilder().putPermissions("*", "rw").build()).build()).getSecret();
    }
}
