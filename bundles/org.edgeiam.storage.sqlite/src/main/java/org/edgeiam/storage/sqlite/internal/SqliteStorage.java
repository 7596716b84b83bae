package org.edgeiam.storage.sqlite.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.api.credentials.Credential;
import org.edgeiam.api.credentials.CredentialKind;
import org.edgeiam.api.credentials.CredentialState;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.spi.credentials.CredentialStore;
import org.edgeiam.spi.credentials.StoredCredential;
import org.edgeiam.spi.storage.Storage;
import org.edgeiam.spi.storage.StorageStatus;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Storage} SPI on an SQLite file ({@code working.dir}/{@code db.file}, by default
 * {@code /var/aos/iam/iamanager.db} as in the AosEdge reference). Activation creates the working
 * directory if needed, refuses a file that is not SQLite or whose schema is newer than this code
 * (leaving it untouched), switches the file to WAL and migrates the schema up to
 * the newest version its migration scripts reach. Down migrations happen only through {@link #migrateTo(int)}.
 * There is no {@code @Modified}: a configuration change reactivates the component, which reopens
 * the file.
 */
@Designate(ocd = SqliteStorage.Config.class)
@Component(service = {Storage.class, CredentialStore.class}, configurationPid = SqliteStorage.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
public final class SqliteStorage implements Storage, CredentialStore {
    /** Configuration PID. */
    static final String PID = "org.edgeiam.storage.sqlite";

    private static final Logger LOG = LoggerFactory.getLogger(SqliteStorage.class);

    /** Configuration of the SQLite storage. */
    @ObjectClassDefinition(id = PID, name = "EdgeIAM SQLite storage",
            description = "Stores certificate metadata and node registrations in an SQLite file.")
    public @interface Config {
        /** @return the directory of the database file */
        @AttributeDefinition(name = "Working directory",
                description = "Directory that holds the database file; created if it does not exist.")
        String working_dir() default "/var/aos/iam";

        /** @return the database file name */
        @AttributeDefinition(name = "Database file",
                description = "SQLite database file, relative to the working directory (or absolute).")
        String db_file() default "iamanager.db";
    }

    private final Database db;
    private final Migrator migrator;
    private final CertTable certs;
    private final NodeTable nodes;
    private final PinTable pins;
    private final RevokedTable revoked;
    private final CredentialTable credentials;

    /**
     * Opens (or creates) the database and brings its schema to the current version.
     *
     * @param config the configuration
     * @param context this bundle's context (its data area keeps SQLite's native library)
     * @throws IamException {@code INVALID_ARGUMENT} for a bad path; {@code RUNTIME} if the file is
     *         not an SQLite database or cannot be opened; {@code NOT_SUPPORTED} if its schema is
     *         newer than this code
     */
    @Activate
    public SqliteStorage(Config config, BundleContext context) throws IamException {
        this(withNativeLibrary(config, context));
    }

    private static Config withNativeLibrary(Config config, BundleContext context) {
        java.io.File data = context.getDataFile("native");
        NativeLibrary.prepare(data == null ? null : data.toPath());
        return config;
    }

    /**
     * Opens the database outside a framework (tests, benchmarks).
     *
     * @param config the configuration
     * @throws IamException as the component's constructor
     */
    public SqliteStorage(Config config) throws IamException {
        Path file = databaseFile(config);
        LOG.info("activating SQLite storage at {}…", file);
        LOG.debug("config: working.dir={}, db.file={}", config.working_dir(), config.db_file());
        this.db = Database.open(file);
        this.migrator = new Migrator(this.db);
        try {
            // read-only checks first, so that a refused file is left exactly as it was
            this.migrator.checkSupported();
            this.db.checkWritable();
            this.db.enableWal();
            this.migrator.migrateTo(this.migrator.latest());
        } catch (IamException e) {
            this.db.close();
            throw e;
        }
        this.certs = new CertTable(this.db);
        this.nodes = new NodeTable(this.db);
        this.pins = new PinTable(this.db);
        this.revoked = new RevokedTable(this.db);
        this.credentials = new CredentialTable(this.db);
        LOG.info("…done: SQLite storage at {}, schema version {}", file, this.migrator.latest());
    }

    /** Closes the database; later calls fail with {@code UNAVAILABLE}. */
    @Deactivate
    public void close() {
        this.db.close();
        LOG.info("SQLite storage at {} closed", this.db.file());
    }

    /**
     * Migrates the schema up or down, one version per transaction. Down migrations lose data: only
     * tests and an explicit field downgrade call this.
     *
     * @param version the target version, 0 to the newest version its migration scripts reach
     * @return the version now stored
     * @throws IamException {@code INVALID_ARGUMENT} for a version out of range, {@code RUNTIME} if a
     *         step fails (the schema then stays at the last version reached)
     */
    public int migrateTo(int version) throws IamException {
        return this.migrator.migrateTo(version);
    }

    @Override
    public void addCertInfo(CertInfo cert) throws IamException {
        this.certs.add(cert);
    }

    @Override
    public void removeCertInfo(String type, String certUrl) throws IamException {
        this.certs.remove(type, certUrl);
    }

    @Override
    public void removeAllCertsInfo(String type) throws IamException {
        this.certs.removeAll(type);
    }

    @Override
    public CertInfo getCertInfo(byte[] issuer, byte[] serial) throws IamException {
        return this.certs.get(issuer, serial);
    }

    @Override
    public List<CertInfo> getCertsInfo(String type) throws IamException {
        return this.certs.getAll(type);
    }

    @Override
    public void revokeCertInfo(CertInfo cert) throws IamException {
        this.revoked.revoke(cert, Instant.now());
    }

    @Override
    public boolean isRevoked(byte[] issuer, byte[] serial) throws IamException {
        return this.revoked.isRevoked(issuer, serial, Instant.now());
    }

    @Override
    public List<CertInfo> getRevokedCerts() throws IamException {
        return this.revoked.all(Instant.now());
    }

    @Override
    public void setNodeInfo(NodeInfo info) throws IamException {
        this.nodes.set(info);
    }

    @Override
    public Optional<NodeInfo> getNodeInfo(String nodeId) throws IamException {
        return this.nodes.get(nodeId);
    }

    @Override
    public List<String> getAllNodeIds() throws IamException {
        return this.nodes.getAllIds();
    }

    @Override
    public void removeNodeInfo(String nodeId) throws IamException {
        this.nodes.remove(nodeId);
    }

    @Override
    public List<String> getNodeKeyPins(String nodeId) throws IamException {
        return this.pins.get(nodeId);
    }

    @Override
    public void addNodeKeyPin(String nodeId, String pin, int keep) throws IamException {
        this.pins.add(nodeId, pin, keep);
    }

    @Override
    public void removeNodeKeyPins(String nodeId) throws IamException {
        this.pins.remove(nodeId);
    }

    /** @return the file path, schema version and the row counts of the tables that exist */
    @Override
    public StorageStatus status() throws IamException {
        return this.db.transaction("read status", c -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : List.of("certificates", "nodeinfo", "revokedcerts", "nodekeypins", "credentials")) {
                if (Database.tableExists(c, table)) {
                    try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                        counts.put(table, rs.next() ? rs.getLong(1) : 0L);
                    }
                }
            }
            return new StorageStatus(this.db.file().toString(), Migrator.readVersion(c), counts);
        });
    }

    private static Path databaseFile(Config config) throws IamException {
        String dir = config.working_dir();
        String name = config.db_file();
        if (dir == null || dir.isBlank() || name == null || name.isBlank() || (dir + name).contains("?")) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "working.dir '" + dir + "' and db.file '" + name
                    + "' must both be set and must not contain '?'");
        }
        Path workingDir;
        try {
            workingDir = Path.of(dir).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "working.dir '" + dir + "' is not a path", e);
        }
        try {
            Files.createDirectories(workingDir);
        } catch (IOException e) {
            throw new IamException(ErrorCode.RUNTIME, "cannot create working directory " + workingDir + ": " + e, e);
        }
        try {
            return workingDir.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "db.file '" + name + "' is not a path", e);
        }
    }

    // device credentials (CredentialStore)

    @Override
    public void insert(StoredCredential credential) throws IamException {
        this.credentials.insert(credential);
    }

    @Override
    public boolean update(Credential credential, long expectedVersion) throws IamException {
        return this.credentials.update(credential, expectedVersion);
    }

    @Override
    public Optional<StoredCredential> byId(String tenantId, String id) throws IamException {
        return this.credentials.one("find credential", "tenantId = ? AND id = ?", tenantId, id);
    }

    @Override
    public Optional<StoredCredential> byUsername(String tenantId, String username) throws IamException {
        return this.credentials.one("find credential by username", "tenantId = ? AND username = ?", tenantId,
                username);
    }

    @Override
    public Optional<StoredCredential> byCertificate(String issuer, String serialNumber) throws IamException {
        return this.credentials.one("find credential by certificate", "certIssuer = ? AND certSerial = ?", issuer,
                serialNumber);
    }

    @Override
    public Optional<StoredCredential> bySha256(String sha256) throws IamException {
        return this.credentials.one("find credential by certificate hash", "certSha256 = ?", sha256);
    }

    @Override
    public List<Credential> list(String tenantId, CredentialKind kind, Set<CredentialState> states, int offset,
            int limit) throws IamException {
        return this.credentials.list(tenantId, kind, states, offset, limit);
    }

    @Override
    public int count(String tenantId, CredentialKind kind, Set<CredentialState> states) throws IamException {
        return this.credentials.count(tenantId, kind, states);
    }

    @Override
    public Map<String, Map<CredentialKind, Map<CredentialState, Integer>>> census() throws IamException {
        return this.credentials.census();
    }
}
