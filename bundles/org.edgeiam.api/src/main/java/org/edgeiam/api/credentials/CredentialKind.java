package org.edgeiam.api.credentials;

/**
 * What a credential is.
 *
 * @since 1.0
 */
public enum CredentialKind {
    /** Username and password; only a bcrypt hash of the password is stored. */
    BASIC,
    /** An X.509 client certificate, bound by issuer and serial number and by its SHA-256. */
    X509
}
