package org.edgeiam.shell.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the Gogo shell on the terminal when the runtime was started from one, and stays silent
 * as a daemon (stdin/stdout not a terminal). The runtime starts Gogo's own console with
 * {@code --nointeractive}, so this component is the only one that reads stdin; leaving the shell
 * ({@code exit} or Ctrl-D) stops the runtime, as Felix does.
 */
@Component(immediate = true)
public class InteractiveConsole {
    private static final Logger LOG = LoggerFactory.getLogger(InteractiveConsole.class);

    private final CommandSession session;
    private final Thread thread;

    /** @param processor Gogo's command processor */
    @Activate
    public InteractiveConsole(@Reference CommandProcessor processor) {
        if (System.console() == null) {
            LOG.debug("not started from a terminal: no interactive shell");
            this.session = null;
            this.thread = null;
            return;
        }
        // the raw descriptors: System.out is Gogo's per-thread stream, and a session writing into
        // it would write into itself
        this.session = processor.createSession(new FileInputStream(FileDescriptor.in),
                new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err));
        this.thread = new Thread(this::run, "edgeiam-console");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        try {
            // Gogo's shell bundle registers the gosh command asynchronously: give it 5 s
            for (int i = 0; i < 500 && session.get("gogo:gosh") == null; i++) {
                Thread.sleep(10);
            }
            session.execute("gosh --login");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("interactive shell ended: {}", e.toString(), e);
        }
    }

    @Deactivate
    void deactivate() {
        if (session != null) {
            session.close();
        }
    }
}
