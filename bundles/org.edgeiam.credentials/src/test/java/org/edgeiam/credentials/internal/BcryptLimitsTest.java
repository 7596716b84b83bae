package org.edgeiam.credentials.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.credentials.AuthOutcome;
import org.edgeiam.api.credentials.AuthResult;
import org.edgeiam.api.credentials.Credential;
import org.edgeiam.api.credentials.CredentialKind;
import org.edgeiam.api.credentials.CredentialState;
import org.edgeiam.spi.credentials.CredentialStore;
import org.edgeiam.spi.credentials.StoredCredential;
import org.edgeiam.storage.sqlite.internal.SqliteStorage;
import org.junit.jupiter.api.Test;

/** bcrypt as a denial of service: capped costs, capped length, a bounded pool that answers "busy". */
class BcryptLimitsTest extends CredentialTestBase {

    @Test
    void givenCostAboveTheCapOrTheCapAboveTheHardCap_whenConfigured_thenRefusedNamingTheSetting() throws Exception {
        this.storage = new SqliteStorage(new StorageConfig(this.dir));

        String m1 = thenFails(ErrorCode.INVALID_ARGUMENT, () -> givenManager(13, 12, 1, 1)).getMessage();
        String m2 = thenFails(ErrorCode.INVALID_ARGUMENT, () -> givenManager(10, 17, 1, 1)).getMessage();
        String m3 = thenFails(ErrorCode.INVALID_ARGUMENT, () -> givenManager(3, 12, 1, 1)).getMessage();

        assertTrue(m1.startsWith("bcrypt.cost must be 4–12"), m1);
        assertTrue(m2.startsWith("bcrypt.max.cost must be 4–16"), m2);
        assertTrue(m3.startsWith("bcrypt.cost must be 4–12"), m3);
    }

    @Test
    void givenStoredHashAboveTheCap_whenAuthenticated_thenRefusedUncheckedAndStillInactive() throws Exception {
        givenManager(4, 12, 1, 4);
        // cost 31 takes hours: an answer at all shows it was not computed
        String hash = OpenBSDBCrypt.generate("2y", "pw".getBytes(), new byte[16], 4).replace("$2y$04$", "$2y$31$");
        Credential c = new Credential("aaaaaaaaaaaaaaaaaaaa", "acme", CredentialKind.BASIC, "c", "heavy", null,
                CredentialState.INACTIVE, T0, T0, null, 0);
        this.storage.insert(new StoredCredential(c, hash));

        AuthResult r = this.manager.authenticateBasic("acme", "heavy", "pw".toCharArray()).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertEquals(AuthOutcome.ERROR, r.outcome());
        assertTrue(r.reasonPhrase().contains("cost 31, above bcrypt.max.cost 12"), r.reasonPhrase());
        assertEquals(CredentialState.INACTIVE, this.manager.get("acme", c.id()).state());
    }

    @Test
    void givenHashOfAnotherVariant_whenAuthenticated_thenRefused() throws Exception {
        givenManager(4, 12, 1, 4);
        String hash = OpenBSDBCrypt.generate("2a", "pw".getBytes(), new byte[16], 4).replace("$2a$", "$2x$");
        this.storage.insert(new StoredCredential(new Credential("aaaaaaaaaaaaaaaaaaaa", "acme", CredentialKind.BASIC,
                "c", "old", null, CredentialState.INACTIVE, T0, T0, null, 0), hash));

        AuthResult r = this.manager.authenticateBasic("acme", "old", "pw".toCharArray()).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertEquals(AuthOutcome.ERROR, r.outcome());
        assertTrue(r.reasonPhrase().contains("not bcrypt ($2a$, $2b$, $2y$)"), r.reasonPhrase());
    }

    @Test
    void givenEveryCheckerBusyAndTheQueueFull_whenAnotherArrives_thenBusyAtOnceAndTheOthersComplete() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        this.storage = new SqliteStorage(new StorageConfig(this.dir));
        CredentialStore slow = new SlowStore(this.storage, entered, release);
        this.manager = new CredentialManager(config(4, 12, 1, 1), slow, this.tenants, this.clock);
        this.manager.createBasic("acme", "pump-1", "pw".toCharArray(), "c");

        CompletableFuture<AuthResult> running = this.manager.authenticateBasic("acme", "pump-1", "pw".toCharArray())
                .toCompletableFuture();
        entered.await(10, TimeUnit.SECONDS);
        CompletableFuture<AuthResult> queued = this.manager.authenticateBasic("acme", "pump-1", "pw".toCharArray())
                .toCompletableFuture();
        CompletableFuture<AuthResult> refused = this.manager.authenticateBasic("acme", "pump-1", "pw".toCharArray())
                .toCompletableFuture();

        assertTrue(refused.isDone(), "answered at once");
        assertEquals(AuthOutcome.BUSY, refused.get().outcome());
        assertEquals(503, refused.get().statusCode());
        assertEquals(1, this.manager.queuedPasswordChecks());
        release.countDown();
        assertEquals(AuthOutcome.OK, running.get(10, TimeUnit.SECONDS).outcome());
        assertEquals(AuthOutcome.OK, queued.get(10, TimeUnit.SECONDS).outcome());
    }

    /** The real store, whose username look-up waits for the test: a checker held busy. */
    private static final class SlowStore implements CredentialStore {
        private final CredentialStore real;
        private final CountDownLatch entered;
        private final CountDownLatch release;

        SlowStore(CredentialStore real, CountDownLatch entered, CountDownLatch release) {
            this.real = real;
            this.entered = entered;
            this.release = release;
        }

        @Override
        public Optional<StoredCredential> byUsername(String tenantId, String username) throws IamException {
            this.entered.countDown();
            try {
                this.release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return this.real.byUsername(tenantId, username);
        }

        @Override
        public void insert(StoredCredential credential) throws IamException {
            this.real.insert(credential);
        }

        @Override
        public boolean update(Credential credential, long expectedVersion) throws IamException {
            return this.real.update(credential, expectedVersion);
        }

        @Override
        public Optional<StoredCredential> byId(String tenantId, String id) throws IamException {
            return this.real.byId(tenantId, id);
        }

        @Override
        public Optional<StoredCredential> byCertificate(String issuer, String serialNumber) throws IamException {
            return this.real.byCertificate(issuer, serialNumber);
        }

        @Override
        public Optional<StoredCredential> bySha256(String sha256) throws IamException {
            return this.real.bySha256(sha256);
        }

        @Override
        public List<Credential> list(String tenantId, CredentialKind kind, Set<CredentialState> states, int offset,
                int limit) throws IamException {
            return this.real.list(tenantId, kind, states, offset, limit);
        }

        @Override
        public int count(String tenantId, CredentialKind kind, Set<CredentialState> states) throws IamException {
            return this.real.count(tenantId, kind, states);
        }

        @Override
        public Map<String, Map<CredentialKind, Map<CredentialState, Integer>>> census() throws IamException {
            return this.real.census();
        }
    }
}
