package org.edgeiam.iamserver.internal;

import java.net.InetSocketAddress;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

/**
 * Parses AosEdge listen addresses: {@code :8090} (all interfaces), {@code host:8090} and
 * {@code [::1]:8090}.
 */
final class ServerAddress {
    private ServerAddress() {
    }

    static InetSocketAddress parse(String key, String text) throws IamException {
        String value = text == null ? "" : text.trim();
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(key, value, "expected host:port or :port");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw invalid(key, value, "the port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw invalid(key, value, "the port is out of range 0..65535");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    private static IamException invalid(String key, String value, String why) {
        return new IamException(ErrorCode.INVALID_ARGUMENT,
                "invalid " + key + " '" + value + "': " + why);
    }
}
