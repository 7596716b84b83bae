package org.edgeiam.bench;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.edgeiam.grpc.iamanager.IAMVersionServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.GetCertRequest;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCertServiceGrpc;
import org.edgeiam.keystore.soft.internal.SoftKeyStorage;
import org.edgeiam.spi.keystore.KeyAlgorithm;
import org.edgeiam.spi.keystore.ModuleStore;
import org.edgeiam.spi.keystore.PendingKey;

import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;

/**
 * GetCert requests/s over gRPC against the runtime jar, next to GetAPIVersion (a handler that
 * does nothing, on the same server: the bare gRPC cost) in the same run, alternating phases.
 * The iam key store is prepared before start-up; the runtime's start-up validation adds its
 * certificate to the database. Usage: GetCertBench JAR [SECONDS] [ROUNDS] [IN_FLIGHT]
 */
public final class GetCertBench {
    private GetCertBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int inFlight = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        Path dir = Files.createTempDirectory("edgeiam-bench-getcert");
        prepareStore(dir.resolve("keys/iam"));
        try (RuntimeProcess runtime = new RuntimeProcess(jar, dir, """
                , "certModules": [{"id": "iam", "plugin": "softmodule", "params": {"storePath": "%s"}}]
                """.formatted(dir.resolve("keys/iam")))) {
            ManagedChannel ch = runtime.publicChannel();
            GetCertRequest request = GetCertRequest.newBuilder().setType("iam").build();
            runtime.waitFor(() -> IAMPublicCertServiceGrpc.newBlockingStub(ch).withDeadlineAfter(1, TimeUnit.SECONDS)
                    .getCert(request));
            IAMVersionServiceGrpc.IAMVersionServiceStub version = IAMVersionServiceGrpc.newStub(ch);
            IAMPublicCertServiceGrpc.IAMPublicCertServiceStub certs = IAMPublicCertServiceGrpc.newStub(ch);
            GrpcLoad.run(o -> version.getAPIVersion(Empty.getDefaultInstance(), cast(o)), inFlight, 5);
            GrpcLoad.run(o -> certs.getCert(request, cast(o)), inFlight, 5);
            double echo = 0;
            double get = 0;
            for (int r = 1; r <= rounds; r++) {
                GrpcLoad.Result e = GrpcLoad.run(o -> version.getAPIVersion(Empty.getDefaultInstance(), cast(o)),
                        inFlight, seconds);
                GrpcLoad.Result g = GrpcLoad.run(o -> certs.getCert(request, cast(o)), inFlight, seconds);
                echo += e.perSecond();
                get += g.perSecond();
                System.out.printf("round %d: GetAPIVersion (bare) %s%n         GetCert             %s  (%.0f %%)%n", r,
                        e, g, 100 * g.perSecond() / e.perSecond());
            }
            System.out.printf("mean of %d rounds, %d in flight: GetAPIVersion %.0f req/s, GetCert %.0f req/s = %.0f %% of bare%n",
                    rounds, inFlight, echo / rounds, get / rounds, 100 * get / echo);
            ch.shutdownNow();
        }
    }

    @SuppressWarnings("unchecked")
    static <T> io.grpc.stub.StreamObserver<T> cast(io.grpc.stub.StreamObserver<Object> o) {
        return (io.grpc.stub.StreamObserver<T>) (io.grpc.stub.StreamObserver<?>) o;
    }

    /** An owned software store for type iam with one self-signed certificate in it. */
    static void prepareStore(Path storePath) throws Exception {
        ModuleStore store = new SoftKeyStorage().open("iam", Map.of("storePath", storePath.toString()));
        store.setOwner("bench-owner".toCharArray());
        PendingKey key = store.generateKey(KeyAlgorithm.ECC_P384);
        X500Name name = new X500Name("CN=bench");
        Instant now = Instant.now();
        var cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now), Date.from(now.plusSeconds(86400 * 30)), name,
                key.publicKey()).build(new JcaContentSignerBuilder("SHA384withECDSA").setProvider(key.provider())
                        .build(key.privateKey())));
        store.store(key, List.of(cert));
        store.close();
    }
}
