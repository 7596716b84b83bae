package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.edgeiam.grpc.iamanager.IAMVersionServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicIdentityServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.Subjects;
import org.edgeiam.grpc.iamanager.v6.SystemInfo;
import org.edgeiam.identifier.vis.internal.ItestVisServer;
import org.edgeiam.spi.identifier.Identifier;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.ConfigurationAdmin;

import com.google.protobuf.Empty;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;

/**
 * Hot swap of the identifier on a running runtime: the file identifier bundle is stopped and the
 * VIS identifier is configured against a real WebSocket VIS server. GetSystemInfo then answers
 * from VIS, the gRPC connection and the open subjects stream survive (the stream receives VIS's
 * notifications), and the servers are not restarted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IdentifierSwapTest extends EdgeIamTestSupport {
    private static final String VIS_URL = "edgeiam.itest.vis.url";
    private static final String VIS_CONTROL = "edgeiam.itest.vis.control";

    @Configuration
    public Option[] config() throws Exception {
        Path control = Files.createTempDirectory(Path.of(System.getProperty("edgeiam.itest.dir")), "vis-control");
        String url = ItestVisServer.start("vis-unit-42", "vis-model;2.0", "[\"vis-subject\"]", control).toString();
        return OptionUtils.combine(runtime("swap"), frameworkProperty(VIS_URL).value(url),
                frameworkProperty(VIS_CONTROL).value(control.toString()));
    }

    @Test
    public void fileIdentifierIsSwappedForVisWhileServing() throws Exception {
        await(Identifier.class);
        ManagedChannel ch = publicChannel();
        BlockingQueue<Subjects> changes = new LinkedBlockingQueue<>();
        try {
            assertEquals("itest-unit", systemInfo(ch).getSystemId());
            IAMPublicIdentityServiceGrpc.newStub(ch).subscribeSubjectsChanged(Empty.getDefaultInstance(),
                    new CertificatesTest.Collector<>(changes));
            Thread.sleep(300); // let the server register the stream
            long serverBundleState = installedBundle("org.edgeiam.iamserver").getLastModified();

            long t0 = System.nanoTime();
            installedBundle("org.edgeiam.identifier.file").stop();
            try {
                systemInfo(ch);
                throw new AssertionError("GetSystemInfo answered without an identifier");
            } catch (StatusRuntimeException e) {
                assertEquals(io.grpc.Status.Code.UNAVAILABLE, e.getStatus().getCode());
                assertTrue(e.getMessage(), e.getMessage().contains("ident provider is not available"));
            }
            ConfigurationAdmin cm = await(ConfigurationAdmin.class);
            Hashtable<String, Object> vis = new Hashtable<>();
            vis.put("vis.server", context.getProperty(VIS_URL));
            cm.getConfiguration("org.edgeiam.identifier.vis", "?").update(vis);
            SystemInfo fromVis = null;
            long firstOk = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (fromVis == null && System.nanoTime() < deadline) {
                try {
                    fromVis = systemInfo(ch);
                    firstOk = System.nanoTime();
                } catch (StatusRuntimeException e) {
                    Thread.sleep(5); // UNAVAILABLE while no identifier is there
                }
            }
            assertNotNull("GetSystemInfo never answered from VIS", fromVis);
            System.out.printf("identifier swap: GetSystemInfo unavailable for %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(firstOk - t0));
            assertEquals("vis-unit-42", fromVis.getSystemId());
            assertEquals("vis-model", fromVis.getUnitModel());
            assertEquals("2.0", fromVis.getVersion());

            Files.writeString(Path.of(context.getProperty(VIS_CONTROL), "push.json"),
                    "{\"path\": \"Attribute.Aos.Subjects\", \"value\": [\"vis-subject\", \"new-subject\"]}");
            Subjects changed = null;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < until) {
                changed = changes.poll(1, TimeUnit.SECONDS);
                if (changed != null && changed.getSubjectsList().contains("new-subject")) {
                    break;
                }
            }
            assertNotNull("the open subjects stream got nothing from VIS", changed);
            assertEquals(List.of("vis-subject", "new-subject"), changed.getSubjectsList());
            assertEquals("the same channel still answers", 6, IAMVersionServiceGrpc.newBlockingStub(ch)
                    .getAPIVersion(Empty.getDefaultInstance()).getVersion());
            assertEquals("the server bundle was not touched", serverBundleState,
                    installedBundle("org.edgeiam.iamserver").getLastModified());
            assertEquals(Bundle.ACTIVE, installedBundle("org.edgeiam.iamserver").getState());
        } finally {
            ch.shutdownNow();
        }
    }

    private static SystemInfo systemInfo(ManagedChannel ch) {
        return IAMPublicIdentityServiceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
                .getSystemInfo(Empty.getDefaultInstance());
    }
}
