package org.edgeiam.bench;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.edgeiam.grpc.iamanager.v6.ApplyCertRequest;
import org.edgeiam.grpc.iamanager.v6.ApplyCertResponse;
import org.edgeiam.grpc.iamanager.v6.CreateKeyRequest;
import org.edgeiam.grpc.iamanager.v6.CreateKeyResponse;
import org.edgeiam.grpc.iamanager.v6.GetCertTypesRequest;
import org.edgeiam.grpc.iamanager.v6.IAMCertificateServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMProvisioningServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.StartProvisioningRequest;

import io.grpc.ManagedChannel;

/**
 * Endurance of the certificate life cycle: CYCLES CreateKey/ApplyCert cycles for one cert type
 * (software store, maxItems 2) by CALLERS concurrent clients in one runtime process. Prints the
 * runtime's heap after a full GC and its RSS every tenth of the run, then checks that nothing
 * leaked: the store holds exactly the files of the database rows, and the rows are maxItems.
 */
public final class EnduranceBench {
    private EnduranceBench() {
    }

    private static final String SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so";

    /** @param args runtime jar, cycles, callers, store ({@code soft} or {@code softhsm}) */
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int cycles = Integer.parseInt(args[1]);
        int callers = Integer.parseInt(args[2]);
        boolean token = args.length > 3 && args[3].equals("softhsm");
        Path dir = Files.createTempDirectory("edgeiam-endurance");
        String params = token ? "\"library\": \"" + SOFTHSM + "\", \"tokenLabel\": \"endurance\", \"userPinPath\": \""
                + dir.resolve("iam.usrpin") + "\"" : "\"storePath\": \"" + dir.resolve("keys") + "\"";
        String module = ", \"certModules\": [{\"id\": \"iam\", \"plugin\": \"" + (token ? "pkcs11module" : "softmodule")
                + "\", \"algorithm\": \"ecc\", \"maxItems\": 2, \"params\": {" + params + "}}]";
        InJvmCa ca = new InJvmCa();
        try (RuntimeProcess runtime = new RuntimeProcess(jar, dir, module)) {
            ManagedChannel ch = runtime.protectedChannel();
            runtime.waitFor(() -> IAMProvisioningServiceGrpc.newBlockingStub(ch).withDeadlineAfter(1, TimeUnit.SECONDS)
                    .getCertTypes(GetCertTypesRequest.getDefaultInstance()));
            IAMProvisioningServiceGrpc.newBlockingStub(ch).startProvisioning(StartProvisioningRequest.newBuilder()
                    .setPassword("endurance").build());
            AtomicLong done = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            Thread[] threads = new Thread[callers];
            long t0 = System.nanoTime();
            for (int t = 0; t < callers; t++) {
                threads[t] = new Thread(() -> {
                    IAMCertificateServiceGrpc.IAMCertificateServiceBlockingStub certs = IAMCertificateServiceGrpc
                            .newBlockingStub(ch);
                    while (done.get() < cycles) {
                        try {
                            CreateKeyResponse key = certs.createKey(CreateKeyRequest.newBuilder().setType("iam")
                                    .setSubject("endurance").build());
                            ApplyCertResponse r = certs.applyCert(ApplyCertRequest.newBuilder().setType("iam")
                                    .setCert(ca.sign(key.getCsr())).build());
                            if (r.hasError()) {
                                failed.incrementAndGet();
                            }
                            done.incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                            done.incrementAndGet();
                        }
                    }
                });
                threads[t].start();
            }
            long step = Math.max(1, cycles / 10);
            long next = step;
            System.out.println("  cycles   heap after GC   RSS     cycles/s");
            while (done.get() < cycles) {
                if (done.get() >= next) {
                    report(runtime, done.get(), t0);
                    next += step;
                }
                Thread.sleep(50);
            }
            for (Thread t : threads) {
                t.join();
            }
            report(runtime, done.get(), t0);
            String db = command(dir.resolve("var/run/gogo.sock"), "iam:db");
            System.out.printf("%d cycles with %d callers, %d failed; %s; %s%n", done.get(), callers, failed.get(),
                    token ? tokenObjects(dir) : storeFiles(dir),
                    db.lines().filter(l -> l.contains("certificates")).findFirst().orElse(db));
            ch.shutdownNow();
        }
    }

    private static String storeFiles(Path dir) throws Exception {
        try (var list = Files.list(dir.resolve("keys"))) {
            return "key store files: " + list.filter(p -> p.toString().endsWith(".pem") || p.toString().endsWith(".key"))
                    .count();
        }
    }

    /** Counts the token's objects with OpenSC's pkcs11-tool, logged in with the generated user PIN. */
    private static String tokenObjects(Path dir) throws Exception {
        Process p = new ProcessBuilder("pkcs11-tool", "--module", SOFTHSM, "--token-label", "endurance", "--login",
                "--pin", Files.readString(dir.resolve("iam.usrpin")).strip(), "--list-objects").redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        long keys = out.lines().filter(l -> l.startsWith("Private Key Object")).count();
        long publicKeys = out.lines().filter(l -> l.startsWith("Public Key Object")).count();
        long certs = out.lines().filter(l -> l.startsWith("Certificate Object")).count();
        return "token objects: " + keys + " private keys, " + publicKeys + " public keys, " + certs + " certificates";
    }

    private static void report(RuntimeProcess runtime, long done, long t0) throws Exception {
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%8d   %8.1f MB   %6.1f MB   %6.0f%n", done, JvmProbe.heapAfterGcKiB(runtime.pid()) / 1024.0,
                JvmProbe.rssKiB(runtime.pid()) / 1024.0, done / seconds);
    }

    private static String command(Path socket, String line) throws Exception {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
