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
 * Hot swap of the identifier on a running runtime, against a real WebSocket VIS server: file →
 * VIS with VIS configured and connected before the file identifier bundle stops, VIS → file, and
 * file → VIS the other way round (file stopped first): a probe calling GetSystemInfo every 2 ms
 * gets no failed answer in any of the three (the servers hold a call while no identifier runs). The gRPC connection and the open subjects stream survive (the stream
 * receives VIS's notifications), and the servers are not restarted.
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
    public void fileIdentifierIsSwappedForVisAndBackWhileServing() throws Exception {
        await(Identifier.class);
        ManagedChannel ch = publicChannel();
        BlockingQueue<Subjects> changes = new LinkedBlockingQueue<>();
        try {
            assertEquals("itest-unit", systemInfo(ch).getSystemId());
            IAMPublicIdentityServiceGrpc.newStub(ch).subscribeSubjectsChanged(Empty.getDefaultInstance(),
                    new CertificatesTest.Collector<>(changes));
            Thread.sleep(300); // let the server register the stream
            long serverBundleState = installedBundle("org.edgeiam.iamserver").getLastModified();
            ConfigurationAdmin cm = await(ConfigurationAdmin.class);

            // make before break: VIS is configured and connected first, then the file identifier goes
            configureVis(cm);
            awaitVisConnected();
            try (Unavailability probe = new Unavailability(ch)) {
                installedBundle("org.edgeiam.identifier.file").stop();
                assertEquals("vis-unit-42", awaitSystemId(ch, "vis-unit-42").getSystemId());
                System.out.printf("identifier swap file -> VIS (VIS connected first): %d failed calls, longest"
                        + " call %d ms%n", probe.failures(), probe.slowestMs());
                assertEquals("failed calls", 0, probe.failures());
            }
            SystemInfo fromVis = systemInfo(ch);
            assertEquals("vis-model", fromVis.getUnitModel());
            assertEquals("2.0", fromVis.getVersion());
            thenTheOpenStreamFollowsVis(changes);

            // back: the VIS configuration is deleted, then the file identifier starts
            try (Unavailability probe = new Unavailability(ch)) {
                cm.getConfiguration("org.edgeiam.identifier.vis", "?").delete();
                installedBundle("org.edgeiam.identifier.file").start();
                awaitSystemId(ch, "itest-unit");
                System.out.printf("identifier swap VIS -> file: %d failed calls, longest call %d ms%n",
                        probe.failures(), probe.slowestMs());
                assertEquals("failed calls", 0, probe.failures());
            }

            // break before make: the file identifier goes first, then VIS is configured and connects
            try (Unavailability probe = new Unavailability(ch)) {
                installedBundle("org.edgeiam.identifier.file").stop();
                configureVis(cm);
                awaitSystemId(ch, "vis-unit-42");
                System.out.printf("identifier swap file -> VIS (file stopped first): %d failed calls, longest call"
                        + " %d ms%n", probe.failures(), probe.slowestMs());
                assertEquals("failed calls", 0, probe.failures());
            }

            assertEquals("the same channel still answers", 6, IAMVersionServiceGrpc.newBlockingStub(ch)
                    .getAPIVersion(Empty.getDefaultInstance()).getVersion());
            assertEquals("the server bundle was not touched", serverBundleState,
                    installedBundle("org.edgeiam.iamserver").getLastModified());
            assertEquals(Bundle.ACTIVE, installedBundle("org.edgeiam.iamserver").getState());
        } finally {
            ch.shutdownNow();
        }
    }

    private void configureVis(ConfigurationAdmin cm) throws Exception {
        Hashtable<String, Object> vis = new Hashtable<>();
        vis.put("vis.server", context.getProperty(VIS_URL));
        cm.getConfiguration("org.edgeiam.identifier.vis", "?").update(vis);
    }

    /** Waits until the VIS identifier service answers (it registers at once and connects after). */
    private void awaitVisConnected() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (org.osgi.framework.ServiceReference<Identifier> ref : context.getServiceReferences(Identifier.class,
                    "(" + Identifier.PLUGIN + "=visidentifier)")) {
                Identifier vis = context.getService(ref);
                try {
                    if (vis != null && "vis-unit-42".equals(vis.systemInfo().systemId())) {
                        return;
                    }
                } catch (org.edgeiam.api.IamException notYet) {
                    // not connected yet
                } finally {
                    context.ungetService(ref);
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the VIS identifier did not connect");
    }

    private static SystemInfo awaitSystemId(ManagedChannel ch, String systemId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                SystemInfo info = systemInfo(ch);
                if (info.getSystemId().equals(systemId)) {
                    return info;
                }
            } catch (StatusRuntimeException e) {
                // UNAVAILABLE while no identifier is there
            }
            Thread.sleep(2);
        }
        throw new AssertionError("GetSystemInfo never answered " + systemId);
    }

    private void thenTheOpenStreamFollowsVis(BlockingQueue<Subjects> changes) throws Exception {
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
    }

    /** Calls GetSystemInfo every 2 ms on its own thread; counts failed calls and keeps the slowest. */
    private static final class Unavailability implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long slowestNanos;
        private volatile int failures;

        Unavailability(ManagedChannel ch) {
            thread = new Thread(() -> {
                while (running) {
                    long t0 = System.nanoTime();
                    try {
                        systemInfo(ch);
                    } catch (StatusRuntimeException e) {
                        failures++;
                        System.out.println("swap probe: " + e.getStatus());
                    }
                    slowestNanos = Math.max(slowestNanos, System.nanoTime() - t0);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "swap-probe");
            thread.start();
        }

        long slowestMs() {
            return TimeUnit.NANOSECONDS.toMillis(slowestNanos);
        }

        int failures() {
            return failures;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }

    private static SystemInfo systemInfo(ManagedChannel ch) {
        return IAMPublicIdentityServiceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
                .getSystemInfo(Empty.getDefaultInstance());
    }
}
