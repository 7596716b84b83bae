package org.edgeiam.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.edgeiam.api.credentials.CredentialService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * {@code GET /health} on the management HTTP server (Felix HTTP, Jetty 12), with the JDK's HTTP
 * client: 200 while every configured component is active, 500 naming the one that is not.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthEndpointTest extends EdgeIamTestSupport {

    @Configuration
    public Option[] config() {
        return runtime("health");
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + context.getProperty(HTTP_PORT) + path);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50); // the HTTP server starts with its bundle
            }
        }
    }

    @Test
    public void healthyWhileEveryConfiguredComponentIsActiveAndNamesTheOneThatIsNot() throws Exception {
        await(CredentialService.class);
        HttpResponse<String> healthy = get("/health");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (healthy.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            healthy = get("/health");
        }

        assertEquals(healthy.body(), 200, healthy.statusCode());
        assertTrue(healthy.body(), healthy.body().startsWith("healthy\n"));
        assertTrue(healthy.body(), healthy.body().contains("IamServers"));
        assertEquals("no-store", healthy.headers().firstValue("Cache-Control").orElse(""));

        Bundle storage = installedBundle("org.edgeiam.storage.sqlite");
        storage.stop();
        try {
            HttpResponse<String> sick = get("/health");
            assertEquals(sick.body(), 500, sick.statusCode());
            assertTrue(sick.body(), sick.body().startsWith("unhealthy\n"));
            assertTrue(sick.body(), sick.body().matches("(?s).*CredentialManager +waiting for CredentialStore.*"));
        } finally {
            storage.start();
        }
        assertEquals(404, get("/nothing-here").statusCode());
    }
}
