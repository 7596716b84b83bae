package org.edgeiam.ca.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.ca.CertificateAuthority;
import org.edgeiam.api.ca.ClientKeyType;
import org.edgeiam.api.ca.IssuedCertificate;
import org.edgeiam.api.credentials.Credential;
import org.edgeiam.api.credentials.CredentialKind;
import org.edgeiam.api.credentials.CredentialPage;
import org.edgeiam.api.credentials.CredentialService;
import org.edgeiam.api.credentials.CredentialState;
import org.edgeiam.api.credentials.Tenant;
import org.edgeiam.api.credentials.Tenants;
import org.edgeiam.spi.keystore.KeyStorage;
import org.edgeiam.spi.keystore.PendingKey;
import org.edgeiam.spi.keystore.TlsKey;
import org.edgeiam.util.DeviceNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device CA: per tenant a CA key in its own store of the configured key storage, certified
 * by the platform CA; client certificates signed with the newest valid tenant CA key; CRLs from
 * the credentials' states (revoked: unspecified, suspended: certificateHold).
 */
public class CertificateAuthorityImpl implements CertificateAuthority {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthorityImpl.class);
    static final Set<ClientKeyType> DEFAULT_KEY_TYPES = EnumSet.of(ClientKeyType.EC_P256, ClientKeyType.EC_P384,
            ClientKeyType.ED25519, ClientKeyType.RSA_2048, ClientKeyType.RSA_3072, ClientKeyType.RSA_4096);

    /** Where the platform CA's key and chain come from (the cert handler's cert type). */
    @FunctionalInterface
    interface PlatformKey {
        TlsKey current() throws IamException;
    }

    /** The CA's settings. */
    record Settings(Path storePath, boolean ownStores, Duration tenantCaValidity, Duration clientValidity,
            Duration crlValidity) {
    }

    private final PlatformKey platform;
    private final KeyStorage storage;
    private final Tenants tenants;
    private final CredentialService credentials;
    private final Settings settings;
    private final Clock clock;
    private final Issuer issuer = new Issuer();
    private final Map<String, TenantCaSettings> profiles = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    CertificateAuthorityImpl(PlatformKey platform, KeyStorage storage, Tenants tenants, CredentialService credentials,
            Settings settings, Clock clock) {
        this.platform = platform;
        this.storage = storage;
        this.tenants = tenants;
        this.credentials = credentials;
        this.settings = settings;
        this.clock = clock;
    }

    void addProfile(TenantCaSettings p) {
        this.profiles.put(p.tenantId(), p);
    }

    void removeProfile(TenantCaSettings p) {
        this.profiles.remove(p.tenantId(), p);
    }

    @Override
    public List<X509Certificate> trustChain(String tenantId) throws IamException {
        List<X509Certificate> out = new ArrayList<>();
        List<TlsKey> cas = tenantCas(tenant(tenantId));
        cas.forEach(k -> out.add(k.chain().get(0)));
        out.addAll(platformKey().chain());
        return out;
    }

    @Override
    public IssuedCertificate issue(String tenantId, byte[] csr, String clientId) throws IamException {
        Tenant t = tenant(tenantId);
        checkClientId(clientId);
        CsrCheck check = CsrCheck.of(csr, keyTypes(tenantId));
        checkNames(tenantId, check.dnsNames());
        return new IssuedCertificate(sign(t, clientId, check.publicKey(), check.dnsNames()), null);
    }

    @Override
    public IssuedCertificate generate(String tenantId, String clientId, ClientKeyType keyType) throws IamException {
        Tenant t = tenant(tenantId);
        checkClientId(clientId);
        if (keyType == null || !keyTypes(tenantId).contains(keyType)) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "keyType: " + keyType + " is not permitted for tenant "
                    + tenantId + " (permitted: " + keyTypes(tenantId) + ")");
        }
        KeyPair pair = newKeyPair(keyType);
        List<X509Certificate> chain = sign(t, clientId, pair.getPublic(), List.of());
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
            w.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null));
        } catch (IOException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot write the private key: " + e.getMessage(), e);
        }
        return new IssuedCertificate(chain, pem.toString());
    }

    @Override
    public List<X509CRL> crls(String tenantId) throws IamException {
        Tenant t = tenant(tenantId);
        List<TlsKey> cas = tenantCas(t);
        List<Issuer.CrlEntry> entries = crlEntries(tenantId, cas.get(0).chain().get(0).getSubjectX500Principal());
        Instant now = this.clock.instant();
        List<X509CRL> out = new ArrayList<>();
        for (TlsKey ca : cas) {
            out.add(this.issuer.crl(ca, entries, BigInteger.valueOf(now.toEpochMilli()), now,
                    this.settings.crlValidity()));
        }
        return out;
    }

    @Override
    public X509Certificate renewTenantCa(String tenantId) throws IamException {
        Tenant t = tenant(tenantId);
        synchronized (lock(tenantId)) {
            tenantCas(t); // the first one exists before there is anything to renew
            return create(t).chain().get(0);
        }
    }

    private List<X509Certificate> sign(Tenant t, String clientId, java.security.PublicKey key, List<String> dns)
            throws IamException {
        TlsKey ca = tenantCas(t).get(0);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.OU, "tenant " + t.id())
                .addRDN(BCStyle.CN, clientId).build();
        TenantCaSettings p = this.profiles.get(t.id());
        Duration validity = p != null && p.clientValidityDays() > 0 ? Duration.ofDays(p.clientValidityDays())
                : this.settings.clientValidity();
        X509Certificate cert = this.issuer.client(subject, key, dns, ca, validity, this.clock.instant());
        LOG.info("tenant {}: client certificate serial {} issued for {} until {}", t.id(),
                cert.getSerialNumber(), clientId, cert.getNotAfter().toInstant());
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(ca.chain());
        return chain;
    }

    /**
     * @return the tenant's valid CA keys, newest first; the first is made when there is none.
     *         They are read from the store once and kept until the first of them expires or the
     *         tenant CA is renewed (reading a software store decrypts every key).
     */
    private List<TlsKey> tenantCas(Tenant t) throws IamException {
        Instant now = this.clock.instant();
        Cached cached = this.cache.get(t.id());
        if (cached != null && now.isBefore(cached.until())) {
            return cached.keys();
        }
        synchronized (lock(t.id())) {
            cached = this.cache.get(t.id());
            if (cached != null && now.isBefore(cached.until())) {
                return cached.keys();
            }
            List<TlsKey> valid;
            try (TenantCaStore store = open(t.id())) {
                valid = store.valid(now);
            }
            if (valid.isEmpty()) {
                create(t);
                try (TenantCaStore store = open(t.id())) {
                    valid = store.valid(now);
                }
            }
            Instant until = valid.stream().map(k -> k.chain().get(0).getNotAfter().toInstant()).min(Instant::compareTo)
                    .orElse(now);
            this.cache.put(t.id(), new Cached(List.copyOf(valid), until));
            return valid;
        }
    }

    /** A tenant's CA keys as last read, usable until {@code until}. */
    private record Cached(List<TlsKey> keys, Instant until) {
    }

    private TlsKey create(Tenant t) throws IamException {
        TlsKey platformKey = platformKey();
        try (TenantCaStore store = open(t.id())) {
            PendingKey key = store.newKey();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "EdgeIAM device authority")
                    .addRDN(BCStyle.OU, "tenant " + t.id()).addRDN(BCStyle.CN, "Tenant CA " + t.id()).build();
            TenantCaSettings p = this.profiles.get(t.id());
            X509Certificate caCert = this.issuer.tenantCa(subject, key.publicKey(), platformKey,
                    this.settings.tenantCaValidity(), p == null ? List.of() : p.dnsConstraints(), this.clock.instant());
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(caCert);
            chain.addAll(platformKey.chain());
            store.store(key, chain);
            this.cache.remove(t.id());
            return new TlsKey(key.privateKey(), key.provider(), chain);
        }
    }

    private TenantCaStore open(String tenantId) throws IamException {
        return TenantCaStore.open(this.storage, tenantId, this.settings.storePath(), this.settings.ownStores());
    }

    private TlsKey platformKey() throws IamException {
        TlsKey k = this.platform.current();
        if (k == null || k.chain().isEmpty()) {
            throw new IamException(ErrorCode.UNAVAILABLE, "the platform CA has no certificate yet");
        }
        return k;
    }

    private List<Issuer.CrlEntry> crlEntries(String tenantId, X500Principal caName) throws IamException {
        String issuerName = caName.getName(X500Principal.RFC2253);
        List<Issuer.CrlEntry> entries = new ArrayList<>();
        Set<CredentialState> states = EnumSet.of(CredentialState.REVOKED, CredentialState.SUSPENDED);
        int offset = 0;
        CredentialPage page;
        do {
            page = this.credentials.list(tenantId, CredentialKind.X509, states, offset, 1000);
            for (Credential c : page.items()) {
                if (c.certificate() != null && issuerName.equals(c.certificate().issuer())) {
                    entries.add(new Issuer.CrlEntry(new BigInteger(c.certificate().serialNumber()), c.updatedDate(),
                            c.state() == CredentialState.SUSPENDED));
                }
            }
            offset += page.items().size();
        } while (!page.items().isEmpty() && offset < page.total());
        return entries;
    }

    private Tenant tenant(String tenantId) throws IamException {
        return this.tenants.get(tenantId).orElseThrow(() -> new IamException(ErrorCode.NOT_FOUND, "tenant "
                + (DeviceNames.isTenantId(tenantId) ? tenantId : "(malformed ID)")
                + " is not configured"));
    }

    private Set<ClientKeyType> keyTypes(String tenantId) {
        TenantCaSettings p = this.profiles.get(tenantId);
        return p == null || p.keyTypes().isEmpty() ? DEFAULT_KEY_TYPES : p.keyTypes();
    }

    private void checkNames(String tenantId, List<String> dns) throws IamException {
        TenantCaSettings p = this.profiles.get(tenantId);
        if (p == null || p.dnsConstraints().isEmpty()) {
            return;
        }
        for (String name : dns) {
            String n = name.toLowerCase(java.util.Locale.ROOT);
            boolean ok = p.dnsConstraints().stream().map(c -> c.toLowerCase(java.util.Locale.ROOT))
                    .anyMatch(c -> c.startsWith(".") ? n.endsWith(c) : n.equals(c) || n.endsWith("." + c));
            if (!ok) {
                throw new IamException(ErrorCode.INVALID_ARGUMENT, "csr: DNS name " + name
                        + " is outside tenant " + tenantId + "'s name constraints " + p.dnsConstraints());
            }
        }
    }

    private static void checkClientId(String clientId) throws IamException {
        if (!DeviceNames.isClientName(clientId)) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "clientId: " + DeviceNames.CLIENT_NAME_FORM);
        }
    }

    private Object lock(String tenantId) {
        return this.locks.computeIfAbsent(tenantId, k -> new Object());
    }

    private static KeyPair newKeyPair(ClientKeyType type) throws IamException {
        try {
            KeyPairGenerator g;
            switch (type) {
            case EC_P256:
            case EC_P384:
                g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(type == ClientKeyType.EC_P256 ? "secp256r1" : "secp384r1"));
                break;
            case ED25519:
                g = KeyPairGenerator.getInstance("Ed25519");
                break;
            default:
                g = KeyPairGenerator.getInstance("RSA");
                g.initialize(Integer.parseInt(type.name().substring(4)));
                break;
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot generate a " + type + " key: " + e.getMessage(), e);
        }
    }
}
