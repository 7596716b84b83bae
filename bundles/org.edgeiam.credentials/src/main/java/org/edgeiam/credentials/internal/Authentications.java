package org.edgeiam.credentials.internal;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.edgeiam.api.IamException;
import org.edgeiam.api.credentials.AuthOutcome;
import org.edgeiam.api.credentials.AuthResult;
import org.edgeiam.api.credentials.CertificateBinding;
import org.edgeiam.api.credentials.Credential;
import org.edgeiam.api.credentials.CredentialKind;
import org.edgeiam.api.credentials.CredentialState;
import org.edgeiam.api.credentials.Tenants;
import org.edgeiam.spi.credentials.CredentialStore;
import org.edgeiam.spi.credentials.StoredCredential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a device authenticates: find the credential, check the secret, then its state; a first
 * success makes an inactive credential active (with its event) and the last use is written at
 * most once per resolution. The secret is checked before the state, so only its holder learns
 * that a credential is suspended or revoked.
 */
final class Authentications {
    private static final Logger LOG = LoggerFactory.getLogger(Authentications.class);

    private final CredentialStore store;
    private final Tenants tenants;
    private final Bcrypt bcrypt;
    private final VerifierPool pool;
    private final Events events;
    private final Clock clock;
    private final Duration lastUseResolution;

    Authentications(CredentialStore store, Tenants tenants, Bcrypt bcrypt, VerifierPool pool, Events events,
            Clock clock, int lastUseResolutionSeconds) {
        this.store = store;
        this.tenants = tenants;
        this.bcrypt = bcrypt;
        this.pool = pool;
        this.events = events;
        this.clock = clock;
        this.lastUseResolution = Duration.ofSeconds(lastUseResolutionSeconds);
    }

    CompletionStage<AuthResult> basic(String tenantId, String username, char[] password) {
        byte[] bytes;
        try {
            bytes = Bcrypt.passwordBytes(password);
        } catch (IamException e) {
            return CompletableFuture.completedFuture(AuthResult.refused(AuthOutcome.BAD_REQUEST, e.getMessage()));
        }
        CompletableFuture<AuthResult> result = new CompletableFuture<>();
        boolean accepted = this.pool.tryExecute(() -> {
            try {
                result.complete(checkBasic(tenantId, username, bytes));
            } catch (RuntimeException e) {
                LOG.error("password check of tenant {} failed", tenantId, e);
                result.complete(AuthResult.refused(AuthOutcome.ERROR, "internal error"));
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        });
        if (!accepted) {
            Arrays.fill(bytes, (byte) 0);
            result.complete(AuthResult.refused(AuthOutcome.BUSY, "every password checker is busy: try again later"));
        }
        return result;
    }

    private AuthResult checkBasic(String tenantId, String username, byte[] password) {
        if (!Names.isTenantId(tenantId) || this.tenants.get(tenantId).isEmpty()) {
            return AuthResult.refused(AuthOutcome.UNKNOWN, "unknown tenant");
        }
        try {
            Optional<StoredCredential> found = username == null ? Optional.empty()
                    : this.store.byUsername(tenantId, username);
            if (found.isEmpty()) {
                return AuthResult.refused(AuthOutcome.UNKNOWN, "unknown username");
            }
            StoredCredential stored = found.get();
            if (!this.bcrypt.matches(stored.passwordHash(), password)) {
                return AuthResult.refused(AuthOutcome.WRONG_PASSWORD, "wrong password");
            }
            return accept(stored.credential());
        } catch (IamException e) {
            return failure(tenantId, e);
        }
    }

    AuthResult certificate(String issuer, String serialNumber) {
        if (issuer == null || serialNumber == null || !serialNumber.matches("[0-9]{1,60}")) {
            return AuthResult.refused(AuthOutcome.BAD_REQUEST, "issuer and a base-10 serialNumber are required");
        }
        try {
            Optional<StoredCredential> found = this.store.byCertificate(issuer, serialNumber);
            if (found.isEmpty()) {
                return AuthResult.refused(AuthOutcome.UNKNOWN, "unknown certificate");
            }
            return checkCertificate(found.get().credential());
        } catch (IamException e) {
            return failure("(by certificate)", e);
        }
    }

    AuthResult certificate(String tenantId, X509Certificate certificate) {
        if (certificate == null) {
            return AuthResult.refused(AuthOutcome.BAD_REQUEST, "no certificate");
        }
        try {
            CertificateBinding offered = CredentialManager.binding(certificate);
            Optional<StoredCredential> found = this.store.bySha256(offered.sha256());
            if (found.isEmpty() || !found.get().credential().tenantId().equals(tenantId)) {
                return AuthResult.refused(AuthOutcome.UNKNOWN, "unknown certificate");
            }
            return checkCertificate(found.get().credential());
        } catch (IamException e) {
            return failure(tenantId, e);
        }
    }

    private AuthResult checkCertificate(Credential c) throws IamException {
        if (this.tenants.get(c.tenantId()).isEmpty()) {
            return AuthResult.refused(AuthOutcome.UNKNOWN, "unknown tenant");
        }
        Instant now = this.clock.instant();
        CertificateBinding b = c.certificate();
        if (c.kind() != CredentialKind.X509 || b == null) {
            return AuthResult.refused(AuthOutcome.UNKNOWN, "unknown certificate");
        }
        if (now.isAfter(b.notAfter())) {
            return AuthResult.refused(AuthOutcome.EXPIRED, "certificate expired");
        }
        if (now.isBefore(b.notBefore())) {
            return AuthResult.refused(AuthOutcome.EXPIRED, "certificate not yet valid");
        }
        return accept(c);
    }

    /** The secret matched: the state decides; a first use activates, the last use is noted. */
    private AuthResult accept(Credential c) throws IamException {
        switch (c.state()) {
        case SUSPENDED:
            return AuthResult.refused(AuthOutcome.SUSPENDED, "credential suspended");
        case REVOKED:
            return AuthResult.refused(AuthOutcome.REVOKED, "credential revoked");
        default:
            break;
        }
        Instant now = this.clock.instant();
        if (c.state() == CredentialState.INACTIVE) {
            Credential active = new Credential(c.id(), c.tenantId(), c.kind(), c.clientId(), c.username(),
                    c.certificate(), CredentialState.ACTIVE, c.createdDate(), now, now, c.version() + 1);
            if (this.store.update(active, c.version())) {
                LOG.info("tenant {}: credential {} Inactive → Active (first authentication)", c.tenantId(), c.id());
                this.events.fire(active, CredentialState.INACTIVE);
                return AuthResult.ok(active);
            }
            // changed meanwhile (another first use, or an operator): decide on what is stored now
            Optional<StoredCredential> current = this.store.byId(c.tenantId(), c.id());
            if (current.isEmpty()) {
                return AuthResult.refused(AuthOutcome.UNKNOWN, "credential removed");
            }
            Credential stored = current.get().credential();
            return stored.state() == CredentialState.INACTIVE ? AuthResult.refused(AuthOutcome.ERROR,
                    "credential changing: try again") : accept(stored);
        }
        if (c.lastUseDate() == null || c.lastUseDate().plus(this.lastUseResolution).isBefore(now)) {
            this.store.update(c.withLastUse(now), c.version()); // lost to a concurrent change: no matter
        }
        return AuthResult.ok(c);
    }

    private static AuthResult failure(String tenantId, IamException e) {
        LOG.warn("authentication in tenant {} could not be decided: {}", tenantId, e.getMessage());
        return AuthResult.refused(AuthOutcome.ERROR, e.getMessage());
    }
}
