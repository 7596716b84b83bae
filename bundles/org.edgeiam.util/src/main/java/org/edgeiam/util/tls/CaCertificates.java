package org.edgeiam.util.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

/** Reads the CA certificates that TLS peers must chain to (AosEdge {@code caCert}). */
public final class CaCertificates {
    private CaCertificates() {
    }

    /**
     * @param key the configuration key, for messages
     * @param file PEM file with one or more CA certificates
     * @return the certificates
     * @throws IamException {@code INVALID_ARGUMENT} naming the key and file if it is unset,
     *         missing, empty or not certificates
     */
    public static X509Certificate[] read(String key, String file) throws IamException {
        if (file == null || file.isBlank()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    key + " is empty: TLS needs the CA that peer certificates chain to");
        }
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IamException(ErrorCode.INVALID_ARGUMENT, key + " " + file + " holds no certificate");
            }
            return certs.toArray(X509Certificate[]::new);
        } catch (NoSuchFileException e) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, key + " " + file + " does not exist");
        } catch (IOException | CertificateException e) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, key + " " + file + " cannot be read: " + e.getMessage());
        }
    }
}
