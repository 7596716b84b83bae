package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.permissions.PermissionHandler;
import org.edgeiam.grpc.common.v2.InstanceIdent;
import org.edgeiam.grpc.iamanager.v6.IAMPermissionsServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicIdentityServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicPermissionsServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.Permissions;
import org.edgeiam.grpc.iamanager.v6.PermissionsRequest;
import org.edgeiam.grpc.iamanager.v6.PermissionsResponse;
import org.edgeiam.grpc.iamanager.v6.RegisterInstanceRequest;
import org.edgeiam.grpc.iamanager.v6.Subjects;
import org.edgeiam.grpc.iamanager.v6.SystemInfo;
import org.edgeiam.grpc.iamanager.v6.UnregisterInstanceRequest;
import org.edgeiam.spi.identifier.Identifier;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The unit's identity from the file identifier, and instance permissions, over real gRPC. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IdentityPermissionsTest extends EdgeIamTestSupport {

    @Configuration
    public Option[] config() {
        return runtime("identity");
    }

    @Test
    public void systemInfoSubjectsAndTheirChanges() throws Exception {
        await(Identifier.class);
        ManagedChannel ch = publicChannel();
        BlockingQueue<Subjects> changes = new LinkedBlockingQueue<>();
        try {
            SystemInfo info = IAMPublicIdentityServiceGrpc.newBlockingStub(ch).getSystemInfo(Empty.getDefaultInstance());
            assertEquals("itest-unit", info.getSystemId());
            assertEquals("itest-model", info.getUnitModel());
            assertEquals("1.0", info.getVersion());
            assertEquals(List.of("subject-a", "subject-b"), IAMPublicIdentityServiceGrpc.newBlockingStub(ch)
                    .getSubjects(Empty.getDefaultInstance()).getSubjectsList());
            IAMPublicIdentityServiceGrpc.newStub(ch).subscribeSubjectsChanged(Empty.getDefaultInstance(),
                    new CertificatesTest.Collector<>(changes));
            Thread.sleep(300); // let the server register the stream
            Files.writeString(Path.of(context.getProperty(TEST_DIR), "subjects"), "subject-a\nsubject-c\n");
            Subjects changed = changes.poll(15, TimeUnit.SECONDS);
            assertNotNull("no notification after the subjects file changed", changed);
            assertEquals(List.of("subject-a", "subject-c"), changed.getSubjectsList());
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    public void registerLookUpUpdateAndUnregisterAnInstance() throws Exception {
        await(PermissionHandler.class);
        ManagedChannel prot = protectedChannel();
        ManagedChannel pub = publicChannel();
        try {
            InstanceIdent instance = InstanceIdent.newBuilder().setItemId("service1").setSubjectId("subject1")
                    .setInstance(2).build();
            String secret = IAMPermissionsServiceGrpc.newBlockingStub(prot).registerInstance(request(instance, "rw"))
                    .getSecret();
            // 256 random bits, base64url without padding (fits AosEdge's 64-character secret)
            assertTrue(secret, secret.matches("[A-Za-z0-9_-]{43}"));
            PermissionsResponse p = IAMPublicPermissionsServiceGrpc.newBlockingStub(pub).getPermissions(
                    PermissionsRequest.newBuilder().setSecret(secret).setFunctionalServerId("vis").build());
            assertEquals(instance, p.getInstance());
            assertEquals(Map.of("*", "rw"), p.getPermissions().getPermissionsMap());

            String again = IAMPermissionsServiceGrpc.newBlockingStub(prot).registerInstance(request(instance, "r"))
                    .getSecret();
            assertEquals("re-registering keeps the secret", secret, again);
            assertEquals("…and updates the permissions", Map.of("*", "r"), IAMPublicPermissionsServiceGrpc
                    .newBlockingStub(pub).getPermissions(PermissionsRequest.newBuilder().setSecret(secret)
                            .setFunctionalServerId("vis").build()).getPermissions().getPermissionsMap());

            assertNotFound(pub, secret, "systemCore");
            assertNotFound(pub, "00000000-0000-4000-8000-000000000000", "vis");
            IAMPermissionsServiceGrpc.newBlockingStub(prot).unregisterInstance(
                    UnregisterInstanceRequest.newBuilder().setInstance(instance).build());
            assertNotFound(pub, secret, "vis");
        } finally {
            prot.shutdownNow();
            pub.shutdownNow();
        }
    }

    private static RegisterInstanceRequest request(InstanceIdent instance, String permission) {
        return RegisterInstanceRequest.newBuilder().setInstance(instance)
                .putPermissions("vis", Permissions.newBuilder().putPermissions("*", permission).build()).build();
    }

    private static void assertNotFound(ManagedChannel ch, String secret, String server) {
        try {
            IAMPublicPermissionsServiceGrpc.newBlockingStub(ch).getPermissions(
                    PermissionsRequest.newBuilder().setSecret(secret).setFunctionalServerId(server).build());
            fail("permissions answered for an unknown secret or server");
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        }
    }
}
