package org.edgeiam.iamclient.internal;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

/**
 * The address of a main node's server, as AosEdge writes it: {@code host:port} or
 * {@code [::1]:port}. A client needs the host, so {@code :port} is refused.
 *
 * @param host host name or IP address, without brackets
 * @param port TCP port, 1..65535
 */
record HostPort(String host, int port) {

    /**
     * @param key the configuration key, for messages
     * @param text the address
     * @return the parsed address
     * @throws IamException {@code INVALID_ARGUMENT} naming the key and the problem
     */
    static HostPort parse(String key, String text) throws IamException {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            throw invalid(key, value, "the main node's address is required");
        }
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(key, value, "expected host:port");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw invalid(key, value, "the host is missing");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw invalid(key, value, "the port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw invalid(key, value, "the port is out of range 1..65535");
        }
        return new HostPort(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    private static IamException invalid(String key, String value, String why) {
        return new IamException(ErrorCode.INVALID_ARGUMENT, "invalid " + key + " '" + value + "': " + why);
    }
}
