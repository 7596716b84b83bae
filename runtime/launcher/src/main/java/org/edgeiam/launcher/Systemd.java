package org.edgeiam.launcher;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tells systemd that the service is ready ({@code Type=notify}) when it was started by a unit
 * that asked for it ({@code NOTIFY_SOCKET} set). systemd listens on a Unix datagram socket and the
 * JDK's Unix-domain sockets are stream sockets only, so the message is sent by
 * {@code systemd-notify}, a child of this process: run as root, it sends it in this process's name
 * (its parent's PID), which {@code NotifyAccess=main} accepts; run as another user, in its own,
 * which needs {@code NotifyAccess=all} (the shipped unit sets it).
 */
final class Systemd {
    private Systemd() {
    }

    /** @return the action that notifies systemd, or null when no unit asked for it */
    static Runnable readyNotifier(String notifySocket, String command) {
        if (notifySocket == null || notifySocket.isBlank()) {
            return null;
        }
        return () -> notifyReady(command);
    }

    private static void notifyReady(String command) {
        List<String> cmd = List.of(command, "--ready", "--status=every EdgeIAM service answers");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                Main.say("systemd was not told the service is ready: " + String.join(" ", cmd) + " failed"
                        + (out.isEmpty() ? "" : ": " + out));
            }
        } catch (IOException e) {
            Main.say("systemd was not told the service is ready: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
