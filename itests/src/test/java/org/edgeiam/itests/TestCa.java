package org.edgeiam.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A certificate authority made with the {@code openssl} command, as an operator's CA would be:
 * signs CSRs (copying their extensions) and issues client certificates for mutual TLS.
 */
public final class TestCa {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private final Path dir;

    /** @param dir where the CA's files go */
    public TestCa(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        if (!Files.exists(cert())) {
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key().toString());
            openssl("req", "-x509", "-new", "-key", key().toString(), "-subj", "/CN=EdgeIAM Test CA", "-days", "3650",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                    "-out", cert().toString());
        }
    }

    /** @return the CA certificate file (PEM) */
    public Path cert() {
        return dir.resolve("ca.pem");
    }

    private Path key() {
        return dir.resolve("ca.key");
    }

    /**
     * Signs a CSR.
     *
     * @param csrPem the CSR
     * @param days validity
     * @return the PEM chain: the new certificate, then the CA
     */
    public String sign(String csrPem, int days) throws IOException {
        // unique across TestCa instances on the same files: serials must never repeat for one issuer
        String n = Long.toHexString(System.nanoTime()) + Integer.toHexString(SEQUENCE.incrementAndGet());
        Path csr = dir.resolve("req-" + n + ".csr");
        Path out = dir.resolve("cert-" + n + ".pem");
        Files.writeString(csr, csrPem);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", cert().toString(), "-CAkey", key().toString(),
                "-set_serial", "0x" + n, "-days", Integer.toString(days),
                "-copy_extensions", "copy", "-out", out.toString());
        return Files.readString(out) + Files.readString(cert());
    }

    /**
     * Signs a CSR as an intermediate CA (path length 1), as an offline root signs a gateway's
     * platform CA.
     *
     * @param csrPem the CSR
     * @param days validity
     * @return the PEM chain: the new CA certificate, then this CA
     */
    public String signAsCa(String csrPem, int days) throws IOException {
        String n = Long.toHexString(System.nanoTime()) + Integer.toHexString(SEQUENCE.incrementAndGet());
        Path csr = dir.resolve("req-" + n + ".csr");
        Path ext = dir.resolve("ext-" + n + ".cnf");
        Path out = dir.resolve("cert-" + n + ".pem");
        Files.writeString(csr, csrPem);
        Files.writeString(ext, "basicConstraints=critical,CA:TRUE,pathlen:1\nkeyUsage=critical,keyCertSign,cRLSign\n"
                + "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        openssl("x509", "-req", "-in", csr.toString(), "-CA", cert().toString(), "-CAkey", key().toString(),
                "-set_serial", "0x" + n, "-days", Integer.toString(days), "-extfile", ext.toString(),
                "-out", out.toString());
        return Files.readString(out) + Files.readString(cert());
    }

    /**
     * Issues a client certificate with a fresh key.
     *
     * @param name common name
     * @return {certificate PEM file, PKCS#8 key file}
     */
    public Path[] client(String name) throws IOException {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                key.toString(), "-subj", "/CN=" + name, "-out", csr.toString());
        Files.writeString(cert, sign(Files.readString(csr), 30));
        return new Path[] {cert, key};
    }

    /**
     * Issues a client certificate that is already expired (valid for 0 days: notAfter = notBefore
     * = now), with a fresh key.
     *
     * @param name common name
     * @return {certificate PEM file, PKCS#8 key file}
     */
    public Path[] expiredClient(String name) throws IOException, InterruptedException {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                key.toString(), "-subj", "/CN=" + name, "-out", csr.toString());
        openssl("x509", "-req", "-in", csr.toString(), "-CA", cert().toString(), "-CAkey", key().toString(),
                "-set_serial", "0x" + Long.toHexString(System.nanoTime()), "-days", "0", "-out", cert.toString());
        Thread.sleep(1100); // notAfter is now, to the second
        return new Path[] {cert, key};
    }

    /**
     * @param pem a certificate (the first of a chain)
     * @return its serial as lower-case hex of the DER INTEGER's content bytes (with a leading
     *         {@code 00} when the top bit is set), as EdgeIAM and AosEdge report it
     */
    public String serialOf(String pem) throws IOException {
        try {
            java.security.cert.X509Certificate cert = (java.security.cert.X509Certificate) java.security.cert
                    .CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(
                            pem.getBytes(StandardCharsets.US_ASCII)));
            return java.util.HexFormat.of().formatHex(cert.getSerialNumber().toByteArray());
        } catch (java.security.cert.CertificateException e) {
            throw new IOException("not a certificate: " + e.getMessage(), e);
        }
    }

    static String openssl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " failed:\n" + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
