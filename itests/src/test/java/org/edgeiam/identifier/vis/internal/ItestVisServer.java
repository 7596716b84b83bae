package org.edgeiam.identifier.vis.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonParser;

/**
 * Starts the VIS identifier module's test VIS server for the in-framework tests. It runs in the
 * test JVM outside the framework (Pax Exam's native container), so the tests, which run inside,
 * steer it through a file: writing JSON {"path": ..., "value": ...} to {@code push.json} in the
 * control directory makes it push that subscription notification.
 */
public final class ItestVisServer {
    private ItestVisServer() {
    }

    /**
     * @param vin system ID answered for the VIN path
     * @param unitModel "model;version"
     * @param subjects subjects JSON array text
     * @param control directory polled for push.json
     * @return the ws:// URL
     */
    public static URI start(String vin, String unitModel, String subjects, Path control) throws IOException {
        TestVisServer server = new TestVisServer(null);
        server.values.put("Attribute.Vehicle.VehicleIdentification.VIN", JsonParser.parseString("\"" + vin + "\""));
        server.values.put("Attribute.Aos.UnitModel", JsonParser.parseString("\"" + unitModel + "\""));
        server.values.put("Attribute.Aos.Subjects", JsonParser.parseString(subjects));
        server.start();
        Thread pusher = new Thread(() -> push(server, control.resolve("push.json")), "itest-vis-pusher");
        pusher.setDaemon(true);
        pusher.start();
        return server.url();
    }

    private static void push(TestVisServer server, Path file) {
        while (true) {
            try {
                if (Files.exists(file)) {
                    var json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
                    Files.delete(file);
                    String path = json.get("path").getAsString();
                    server.values.put(path, json.get("value"));
                    server.push(path, json.get("value"), false);
                }
                Thread.sleep(20);
            } catch (IOException | RuntimeException e) {
                System.err.println("itest VIS pusher: " + e);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
