package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;


/**
 * Fault injection during a schema migration: a newer storage bundle (a variant of ours whose
 * migration 5 takes about a second) dropped into {@code var/deploy} migrates the database of a
 * provisioned node; it stays deployed, so each trial restarts the runtime on a copy of the version-4
 * database and kills it with SIGKILL at a random moment of the migration at start-up,
 * {@code edgeiam.fault.migration.trials} times (3 in CI, more with {@code bench/faults.sh}).
 * After each kill the database passes {@code PRAGMA integrity_check} and is at version 4 or 5,
 * never in between; after the restart it is at version 5 with every row of before.
 */
public class KillDuringMigrationTest {
    private static final String PASSWORD = "migration-owner-password";
    private static final String SLOW_MIGRATION = """
            CREATE TABLE certcomments (issuer BLOB, serial BLOB, comment TEXT);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000)
              INSERT INTO certcomments SELECT x'00', x'01', 'comment ' || i FROM n;
            DELETE FROM certcomments;
            ALTER TABLE certificates ADD COLUMN comment TEXT;
            """;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private RuntimeNode node;

    @After
    public void stop() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void killedDuringAMigrationTheDatabaseIsAtTheOldOrTheNewVersionAndKeepsItsRows() throws Exception {
        int trials = Integer.getInteger("edgeiam.fault.migration.trials", 3);
        long seed = Long.getLong("edgeiam.fault.seed", System.nanoTime());
        System.out.println("KillDuringMigrationTest: " + trials + " trials, seed " + seed);
        Random random = new Random(seed);
        Path root = tmp.getRoot().toPath();
        TestCa ca = new TestCa(Files.createDirectories(root.resolve("ca")));
        node = new RuntimeNode(root.resolve("node"), UnitSetup.config(ca, "\"attrs\": {\"MainNode\": \"\"}",
                List.of("iam", "sm"), ""));
        Files.writeString(node.dir.resolve("node-id"), "migration-node\n");
        givenProvisionedTypes(ca);
        List<String> rowsBefore = rows();
        assertEquals(2, rowsBefore.size());
        Path backup = Files.createDirectories(root.resolve("backup"));
        copyDatabase(node.dir.resolve("work"), backup);

        Path deploy = Files.createDirectories(node.dir.resolve("var/deploy"));
        TestBundles.variantOfRuntimeBundle("org.edgeiam.storage.sqlite-", "0.9.0", Map.of(
                "migrations/5_update.up.sql", SLOW_MIGRATION,
                "migrations/5_update.down.sql", "DROP TABLE certcomments;\nALTER TABLE certificates DROP COLUMN comment;\n"),
                deploy.resolve("storage-0.9.0.jar"));
        long migrationMs = calibrate();
        System.out.println("KillDuringMigrationTest: migration 4 → 5 takes about " + migrationMs + " ms");
        int rolledBack = 0;
        for (int trial = 1; trial <= trials; trial++) {
            node.stop();
            copyDatabase(backup, node.dir.resolve("work"));
            node.start(true);
            // the newer bundle stays deployed (the framework cache is kept): it opens the database at once
            awaitStorageActivating(1);
            // mostly inside the transaction, sometimes just after its commit
            Thread.sleep(random.nextInt((int) (migrationMs * 13 / 10) + 1));
            node.kill();
            assertEquals("trial " + trial + ": integrity", "ok", node.integrity());
            int version = version();
            assertTrue("trial " + trial + ": version " + version, version == 4 || version == 5);
            rolledBack += version == 4 ? 1 : 0;

            node.start(true);
            node.awaitLog("schema version 5");
            assertEquals("trial " + trial + ": version after the restart", 5, version());
            assertEquals("trial " + trial + ": rows", rowsBefore, rows());
            assertEquals("trial " + trial + ": integrity after the restart", "ok", node.integrity());
        }
        System.out.println("KillDuringMigrationTest: " + trials + " kills, " + rolledBack
                + " inside the migration's transaction (rolled back), the others after its commit");
    }

    private void givenProvisionedTypes(TestCa ca) throws Exception {
        UnitSetup.startProvisioned(node, ca, PASSWORD, "iam", "sm").shutdownNow();
        node.stop();
    }

    /** One migration without a kill: how long it takes, from the newer bundle's activation to its commit. */
    private long calibrate() throws Exception {
        node.start(true);
        awaitStorageActivating(2);
        long t0 = System.nanoTime();
        node.awaitLog("schema migrated from version 4 to 5");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        node.awaitLog("with 0.9.0 in");
        assertEquals(5, version());
        return ms;
    }

    /** Waits for the given number of storage activations in the log of this start. */
    private void awaitStorageActivating(int count) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (Files.readString(node.log).split("activating SQLite storage", -1).length <= count) {
            assertTrue("the newer storage bundle did not start:\n" + Files.readString(node.log),
                    System.nanoTime() < deadline);
            Thread.sleep(5);
        }
    }

    private static void copyDatabase(Path from, Path to) throws Exception {
        for (String name : List.of("iamanager.db", "iamanager.db-wal", "iamanager.db-shm")) {
            Files.deleteIfExists(to.resolve(name));
            if (Files.exists(from.resolve(name))) {
                Files.copy(from.resolve(name), to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private List<String> rows() throws Exception {
        return node.query("SELECT type || ' ' || hex(serial) || ' ' || certURL || ' ' || keyURL FROM certificates"
                + " ORDER BY type");
    }

    private int version() throws Exception {
        return Integer.parseInt(node.query("SELECT MAX(version) FROM SchemaVersion").get(0));
    }
}
