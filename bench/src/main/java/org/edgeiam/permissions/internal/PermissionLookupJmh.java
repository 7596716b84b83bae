package org.edgeiam.permissions.internal;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.IamException;
import org.edgeiam.api.permissions.InstanceIdent;
import org.edgeiam.api.permissions.InstancePermissions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: the in-memory look-ups of {@link PermissionHandlerImpl} with {@code instances} registered
 * instances (256 by default, the AosEdge limit), each with permissions on two functional servers.
 * {@code bySecret} is GetPermissions for a registered secret (SHA-256 of the secret, map look-up,
 * constant-time comparison); {@code unknownSecret} the same for a secret nobody has (the
 * NOT_FOUND exception included); {@code byInstance} registers a registered instance again, which
 * finds it by its InstanceIdent, keeps its secret and replaces its permissions (limits checked,
 * under the handler's lock). Run with slf4j below info (bench/jmh.sh does): re-registration logs
 * at info.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PermissionLookupJmh {
    private static final Map<String, Map<String, String>> PERMISSIONS = Map.of(
            "vis", Map.of("*", "rw"), "storage", Map.of("read", "r", "write", "w"));

    @Param("256")
    public int instances;

    private PermissionHandlerImpl handler;
    private InstanceIdent middle;
    private String secret;

    @Setup
    public void setUp() throws IamException {
        this.handler = new PermissionHandlerImpl();
        for (int i = 0; i < this.instances; i++) {
            InstanceIdent instance = new InstanceIdent("service" + i, "subject", i, 0, false);
            String s = this.handler.registerInstance(instance, PERMISSIONS);
            if (i == this.instances / 2) {
                this.middle = instance;
                this.secret = s;
            }
        }
    }

    @Benchmark
    public InstancePermissions bySecret() throws IamException {
        return this.handler.getPermissions(this.secret, "vis");
    }

    @Benchmark
    public IamException unknownSecret() {
        try {
            this.handler.getPermissions("00000000-0000-4000-8000-000000000000", "vis");
            throw new IllegalStateException("an unknown secret was found");
        } catch (IamException e) {
            return e;
        }
    }

    @Benchmark
    public String byInstance() throws IamException {
        return this.handler.registerInstance(this.middle, PERMISSIONS);
    }
}
