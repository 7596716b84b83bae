package org.edgeiam.credentials.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import javax.security.auth.x500.X500Principal;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.credentials.AuthResult;
import org.edgeiam.api.credentials.Authenticator;
import org.edgeiam.api.credentials.CertificateBinding;
import org.edgeiam.api.credentials.Credential;
import org.edgeiam.api.credentials.CredentialKind;
import org.edgeiam.api.credentials.CredentialListener;
import org.edgeiam.api.credentials.CredentialPage;
import org.edgeiam.api.credentials.CredentialService;
import org.edgeiam.api.credentials.CredentialState;
import org.edgeiam.api.credentials.Tenants;
import org.edgeiam.spi.credentials.CredentialStore;
import org.edgeiam.spi.credentials.StoredCredential;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device credentials of every tenant on a {@link CredentialStore}: creation, listing, the state
 * machine with its events, and authentication ({@link Authentications}).
 */
@Designate(ocd = CredentialManager.Config.class)
@Component(service = {CredentialService.class, Authenticator.class}, configurationPid = CredentialManager.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class CredentialManager implements CredentialService, Authenticator {
    /** Configuration PID. */
    public static final String PID = "org.edgeiam.credentials";
    /** The most a listing returns at once. */
    static final int MAX_PAGE = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(CredentialManager.class);

    /** Settings of password checking. */
    @ObjectClassDefinition(id = PID, name = "EdgeIAM device credentials",
            description = "bcrypt cost and its cap, and the bounded pool that checks passwords.")
    public @interface Config {
        /** @return cost of new hashes */
        @AttributeDefinition(name = "bcrypt cost", description = "Cost of new password hashes (4 to bcrypt.max.cost).")
        int bcrypt_cost() default 10;

        /** @return cap for every hash */
        @AttributeDefinition(name = "bcrypt cost cap",
                description = "Highest cost accepted, for new and stored hashes (at most 16): a stored hash above it is refused unchecked.")
        int bcrypt_max_cost() default 12;

        /** @return verifier threads */
        @AttributeDefinition(name = "Password checks at once", description = "Threads checking passwords; 0: one per processor.")
        int basic_concurrency() default 0;

        /** @return queue length */
        @AttributeDefinition(name = "Password checks waiting", description = "Checks that may wait; more are answered 'busy'. 0: 16 per thread.")
        int basic_queue_length() default 0;

        /** @return last-use resolution */
        @AttributeDefinition(name = "Last use resolution (s)",
                description = "lastUseDate is written when it is older than this, not at every authentication.")
        int last_use_resolution_s() default 60;
    }

    private final CredentialStore store;
    private final Tenants tenants;
    private final Clock clock;
    private final Bcrypt bcrypt;
    private final VerifierPool pool;
    private final Events events = new Events();
    private final Authentications auth;

    /**
     * @param config settings
     * @param store where credentials are kept
     * @param tenants the configured tenants
     * @throws IamException {@code INVALID_ARGUMENT} naming a setting out of range
     */
    @Activate
    public CredentialManager(Config config, @Reference CredentialStore store, @Reference Tenants tenants)
            throws IamException {
        this(config, store, tenants, Clock.systemUTC());
    }

    CredentialManager(Config config, CredentialStore store, Tenants tenants, Clock clock) throws IamException {
        this.store = store;
        this.tenants = tenants;
        this.clock = clock;
        this.bcrypt = new Bcrypt(config.bcrypt_cost(), config.bcrypt_max_cost());
        int threads = config.basic_concurrency() > 0 ? config.basic_concurrency()
                : Runtime.getRuntime().availableProcessors();
        int queue = config.basic_queue_length() > 0 ? config.basic_queue_length() : 16 * threads;
        if (threads > 256 || queue > 65_536) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    "basic.concurrency must be at most 256 and basic.queue.length at most 65536");
        }
        this.pool = new VerifierPool(threads, queue);
        this.auth = new Authentications(store, tenants, this.bcrypt, this.pool, this.events, clock,
                Math.max(0, config.last_use_resolution_s()));
        LOG.info("device credentials ready: bcrypt cost {} (cap {}), {} password checks at once, {} waiting",
                config.bcrypt_cost(), config.bcrypt_max_cost(), threads, queue);
    }

    @Deactivate
    void deactivate() {
        this.pool.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(CredentialListener listener) {
        this.events.add(listener);
    }

    void removeListener(CredentialListener listener) {
        this.events.remove(listener);
    }

    /** @return password checks waiting for a thread (for metrics) */
    public int queuedPasswordChecks() {
        return this.pool.queued();
    }

    @Override
    public Credential createBasic(String tenantId, String username, char[] password, String clientId)
            throws IamException {
        checkTenant(tenantId);
        Names.checkName("username", username);
        Names.checkName("clientId", clientId);
        byte[] bytes = Bcrypt.passwordBytes(password);
        String hash;
        try {
            hash = this.bcrypt.hash(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        Instant now = this.clock.instant();
        Credential c = new Credential(Names.newId(), tenantId, CredentialKind.BASIC, clientId, username, null,
                CredentialState.INACTIVE, now, now, null, 0);
        this.store.insert(new StoredCredential(c, hash));
        LOG.info("tenant {}: basic credential {} created for client {}", tenantId, c.id(), clientId);
        return c;
    }

    @Override
    public Credential createX509(String tenantId, X509Certificate certificate, String clientId) throws IamException {
        checkTenant(tenantId);
        Names.checkName("clientId", clientId);
        if (certificate == null) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "certificate: missing");
        }
        CertificateBinding binding = binding(certificate);
        Instant now = this.clock.instant();
        if (binding.notAfter().isBefore(now)) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "certificate: expired on " + binding.notAfter());
        }
        Credential c = new Credential(Names.newId(), tenantId, CredentialKind.X509, clientId, null, binding,
                CredentialState.INACTIVE, now, now, null, 0);
        this.store.insert(new StoredCredential(c, null));
        LOG.info("tenant {}: X.509 credential {} created for client {} (serial {})", tenantId, c.id(), clientId,
                binding.serialNumber());
        return c;
    }

    @Override
    public Credential get(String tenantId, String id) throws IamException {
        checkTenant(tenantId);
        return this.store.byId(tenantId, id).map(StoredCredential::credential).orElseThrow(() -> notFound(tenantId, id));
    }

    @Override
    public CredentialPage list(String tenantId, CredentialKind kind, Set<CredentialState> states, int offset,
            int limit) throws IamException {
        checkTenant(tenantId);
        if (offset < 0) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "offset: must be 0 or more");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "limit: must be 1–" + MAX_PAGE);
        }
        return new CredentialPage(this.store.list(tenantId, kind, states, offset, limit),
                this.store.count(tenantId, kind, states));
    }

    @Override
    public Credential setState(String tenantId, String id, CredentialState target, long expectedVersion)
            throws IamException {
        Credential c = get(tenantId, id);
        if (expectedVersion >= 0 && c.version() != expectedVersion) {
            throw new IamException(ErrorCode.ALREADY_EXIST, "credential " + id + " changed meanwhile: version "
                    + c.version() + ", expected " + expectedVersion);
        }
        if (!c.state().canBeSetTo(target)) {
            throw new IamException(ErrorCode.WRONG_STATE, "credential " + id + " cannot go from "
                    + c.state().displayName() + " to " + target.displayName()
                    + (c.state() == CredentialState.INACTIVE && target == CredentialState.ACTIVE
                            ? " (it becomes Active by its first successful authentication)" : ""));
        }
        Credential changed = c.withState(target, this.clock.instant());
        if (!this.store.update(changed, c.version())) {
            throw new IamException(ErrorCode.ALREADY_EXIST, "credential " + id + " changed meanwhile: try again");
        }
        LOG.info("tenant {}: credential {} {} → {}", tenantId, id, c.state().displayName(), target.displayName());
        this.events.fire(changed, c.state());
        return changed;
    }

    @Override
    public CompletionStage<AuthResult> authenticateBasic(String tenantId, String username, char[] password) {
        return this.auth.basic(tenantId, username, password);
    }

    @Override
    public AuthResult authenticateCertificate(String issuer, String serialNumber) {
        return this.auth.certificate(issuer, serialNumber);
    }

    @Override
    public AuthResult authenticateCertificate(String tenantId, X509Certificate certificate) {
        return this.auth.certificate(tenantId, certificate);
    }

    private void checkTenant(String tenantId) throws IamException {
        if (this.tenants.get(tenantId).isEmpty()) {
            throw new IamException(ErrorCode.NOT_FOUND, "tenant " + (Names.isTenantId(tenantId) ? tenantId
                    : "(malformed ID)") + " is not configured");
        }
    }

    private static IamException notFound(String tenantId, String id) {
        return new IamException(ErrorCode.NOT_FOUND, "tenant " + tenantId + " has no credential "
                + (id != null && id.length() <= 64 ? id : "(malformed ID)"));
    }

    /**
     * @param certificate a certificate
     * @return what an X.509 credential keeps of it
     * @throws IamException {@code INVALID_ARGUMENT} if it cannot be encoded
     */
    static CertificateBinding binding(X509Certificate certificate) throws IamException {
        try {
            byte[] der = certificate.getEncoded();
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
            return new CertificateBinding(certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
                    certificate.getSerialNumber().toString(10), sha256, certificate.getNotBefore().toInstant(),
                    certificate.getNotAfter().toInstant());
        } catch (CertificateEncodingException e) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "certificate: cannot be encoded: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
