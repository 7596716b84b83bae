package org.edgeiam.shell.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
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
 * {@code ERROR:}. Only the runtime's user and root may connect (see {@link CommandSocket} and
 * {@link SocketFolder}); up to {@value #MAX_CONNECTIONS} connections are served at once, and one
 * idle for {@value #IDLE_SECONDS} s is closed.
 */
@Component(immediate = true, configurationPid = ConsoleSocketConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConsoleSocketConfig.class)
public class ConsoleSocket {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSocket.class);
    /** Framework property that, when set, names the socket (tests, several runtimes in one folder). */
    static final String PATH_PROPERTY = "edgeiam.shell.socket";
    static final int MAX_CONNECTIONS = 4;
    static final int IDLE_SECONDS = 30;

    private final CommandProcessor processor;
    private final CommandSocket socket;

    /**
     * @param processor Gogo's command processor
     * @param config where the socket goes
     * @param context for the framework property {@value #PATH_PROPERTY}, which wins over the configuration
     * @throws IOException if the socket cannot be offered safely
     */
    @Activate
    public ConsoleSocket(@Reference CommandProcessor processor, ConsoleSocketConfig config, BundleContext context)
            throws IOException {
        this.processor = processor;
        String override = context.getProperty(PATH_PROPERTY);
        Path path = Path.of(override == null || override.isBlank() ? config.path() : override).toAbsolutePath();
        if (!config.enabled()) {
            this.socket = null;
            return;
        }
        try {
            this.socket = new CommandSocket(path, this::run, MAX_CONNECTIONS, Duration.ofSeconds(IDLE_SECONDS));
        } catch (IOException e) {
            LOG.error("command socket {} not offered: {}", path, e.getMessage());
            throw e;
        }
        LOG.info("Gogo commands accepted on {}", path);
    }

    /** @return the output of the command line, ending with an {@code ERROR:} line if it failed */
    private String run(String line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
        try {
            Object result = session.execute(line);
            if (result != null) {
                print.println(session.format(result, Converter.INSPECT));
            }
        } catch (Exception e) {
            print.println("ERROR: " + e.getMessage());
        } finally {
            session.close();
        }
        // the command's name only: its arguments may hold a password
        LOG.debug("command socket ran {}", line.split("\\s", 2)[0].replaceAll("\\p{Cntrl}", "?"));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Deactivate
    void deactivate() throws IOException {
        if (socket != null) {
            socket.close();
        }
    }
}
