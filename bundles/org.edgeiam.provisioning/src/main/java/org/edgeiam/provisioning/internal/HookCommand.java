package org.edgeiam.provisioning.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a configured hook command directly (no shell), with a timeout, logging its output line by
 * line. A command that cannot start, times out or exits non-zero is an error naming it. Commands
 * never receive the provisioning password.
 */
final class HookCommand {
    private static final Logger LOG = LoggerFactory.getLogger(HookCommand.class);
    private static final int TAIL_LINES = 5;

    private HookCommand() {
    }

    /**
     * @param step the step, for messages ("start provisioning")
     * @param argv the command; empty = nothing to run
     * @param timeoutSeconds how long it may run
     * @throws IamException {@code FAILED} (with the exit code) or {@code TIMEOUT}
     */
    static void run(String step, List<String> argv, int timeoutSeconds) throws IamException {
        if (argv.isEmpty()) {
            return;
        }
        String name = String.join(" ", argv);
        LOG.info("{}: running '{}'", step, name);
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IamException(ErrorCode.FAILED, step + " command '" + name + "' cannot start: " + e.getMessage());
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> drain(p, step, tail), "edgeiam-hook-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IamException(ErrorCode.TIMEOUT,
                        step + " command '" + name + "' did not finish within " + timeoutSeconds + " s");
            }
            reader.join(1000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IamException(ErrorCode.CANCELED, step + " command '" + name + "' interrupted");
        }
        if (p.exitValue() != 0) {
            String output;
            synchronized (tail) {
                output = String.join(" | ", tail);
            }
            throw new IamException(ErrorCode.FAILED, step + " command '" + name + "' failed with exit code "
                    + p.exitValue() + (output.isEmpty() ? "" : ": " + output));
        }
        LOG.info("{}: '{}' done", step, name);
    }

    private static void drain(Process p, String step, Deque<String> tail) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                LOG.info("{}: {}", step, line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: output not read: {}", step, e.getMessage());
        }
    }
}
