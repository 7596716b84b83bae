package org.edgeiam.shell.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Gogo commands sent to a local UNIX socket, so that an administrator can diagnose the
 * running daemon ({@code echo iam:health | nc -U var/run/gogo.sock}): one command line per
 * connection, answered with its output and, on failure, a last line starting with
 * {@code ERROR:}. The socket's folder is created private to the runtime's user (0700), so only
 * that user (and root) can connect.
 */
@Component(immediate = true, configurationPid = ConsoleSocketConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConsoleSocketConfig.class)
public class ConsoleSocket {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSocket.class);
    private static final int MAX_LINE = 4096;
    /** Framework property that, when set, names the socket (tests, several runtimes in one folder). */
    static final String PATH_PROPERTY = "edgeiam.shell.socket";

    private final CommandProcessor processor;
    private final Path path;
    private final ServerSocketChannel server;
    private final Thread thread;

    /**
     * @param processor Gogo's command processor
     * @param config where the socket goes
     * @param context for the framework property {@value #PATH_PROPERTY}, which wins over the configuration
     * @throws IOException if the socket cannot be created
     */
    @Activate
    public ConsoleSocket(@Reference CommandProcessor processor, ConsoleSocketConfig config, BundleContext context)
            throws IOException {
        this.processor = processor;
        String override = context.getProperty(PATH_PROPERTY);
        this.path = Path.of(override == null || override.isBlank() ? config.path() : override).toAbsolutePath();
        if (!config.enabled()) {
            this.server = null;
            this.thread = null;
            return;
        }
        Files.createDirectories(path.getParent(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(path.getParent(), PosixFilePermissions.fromString("rwx------"));
        Files.deleteIfExists(path); // left by a runtime that was killed
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        this.server.bind(UnixDomainSocketAddress.of(path));
        this.thread = new Thread(this::serve, "edgeiam-command-socket");
        this.thread.setDaemon(true);
        this.thread.start();
        LOG.info("Gogo commands accepted on {}", path);
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                answer(client);
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("command socket: {}", e.getMessage());
                }
            }
        }
    }

    private void answer(SocketChannel client) throws IOException {
        String line = readLine(client);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
        try {
            Object result = session.execute(line);
            if (result != null) {
                print.println(session.format(result, org.apache.felix.service.command.Converter.INSPECT));
            }
        } catch (Exception e) {
            print.println("ERROR: " + e.getMessage());
        } finally {
            session.close();
        }
        LOG.debug("command socket ran: {}", line);
        Channels.newOutputStream(client).write(out.toByteArray());
    }

    private static String readLine(SocketChannel client) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (line.size() < MAX_LINE && client.read(one.clear()) > 0) {
            byte b = one.get(0);
            if (b == '\n') {
                break;
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8).strip();
    }

    @Deactivate
    void deactivate() throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        server.close();
        thread.join(2000);
        Files.deleteIfExists(path);
    }
}
