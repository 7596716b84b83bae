package org.edgeiam.shell.internal;

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
        this.session = processor.createSession(System.in, System.out, System.err);
        this.thread = new Thread(this::run, "edgeiam-console");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        try {
            session.execute("gosh --login");
        } catch (Exception e) {
            LOG.warn("interactive shell ended: {}", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        if (session != null) {
            session.close();
        }
    }
}
