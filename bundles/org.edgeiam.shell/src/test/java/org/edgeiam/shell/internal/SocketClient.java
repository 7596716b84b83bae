package org.edgeiam.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;

/** Test side of the command socket: a client, and fakes for what {@link ConsoleSocket} needs. */
final class SocketClient {
    private SocketClient() {
    }

    /** @return a connection that has sent nothing */
    static SocketChannel connect(Path socket) throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(socket));
    }

    /** @return the answer to {@code line}, read until the server closes; fails after 5 s */
    static String send(Path socket, String line) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                c.connect(UnixDomainSocketAddress.of(socket));
                try {
                    c.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
                } catch (IOException refusedBeforeItRead) {
                    // like nc: the answer may be there all the same
                }
                return readToEnd(c);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(5, TimeUnit.SECONDS);
    }

    /** @return everything until the server closes (or resets) the connection */
    static String readToEnd(SocketChannel c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        try {
            while (c.read(buffer.clear()) > 0) {
                out.write(buffer.array(), 0, buffer.position());
            }
        } catch (IOException e) {
            if (out.size() == 0) {
                throw e;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** @return a Gogo whose every command answers {@code ran <line>} */
    static CommandProcessor echoProcessor() {
        CommandSession session = (CommandSession) Proxy.newProxyInstance(SocketClient.class.getClassLoader(),
                new Class<?>[] {CommandSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "execute" -> "ran " + args[0];
                    case "format" -> String.valueOf(args[0]);
                    default -> null;
                });
        return (CommandProcessor) Proxy.newProxyInstance(SocketClient.class.getClassLoader(),
                new Class<?>[] {CommandProcessor.class}, (proxy, method, args) -> session);
    }

    /** @return the configuration of a socket at {@code path} */
    static ConsoleSocketConfig config(Path path) {
        return (ConsoleSocketConfig) Proxy.newProxyInstance(SocketClient.class.getClassLoader(),
                new Class<?>[] {ConsoleSocketConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "path" -> path.toString();
                    case "enabled" -> true;
                    default -> null;
                });
    }

    /** @return a bundle context without framework properties */
    static BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(SocketClient.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> null);
    }
}
