package org.edgeiam.keystore.pkcs11.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * PKCS#11 URIs (RFC 7512) in AosEdge's form:
 * {@code pkcs11:token=<label>;object=<certType>;id=<%XX%XX…>?module-path=<library>&pin-source=<file>}.
 * The id is every byte as upper-case {@code %XX}; other values are written as they are, except
 * the few characters that would break the URI ({@code % ; ? & = #}, blanks, non-ASCII), which are
 * percent-encoded. Parsing accepts any attribute order and percent-encoding.
 *
 * @param token the token label
 * @param object the object label (the cert type)
 * @param id the {@code CKA_ID}
 */
record Pkcs11Url(String token, String object, byte[] id) {
    private static final String SCHEME = "pkcs11:";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /**
     * @param modulePath the library, or empty to leave {@code module-path} out
     * @param pinSource the user PIN file, or empty to leave {@code pin-source} out
     */
    String format(Optional<String> modulePath, Optional<String> pinSource) {
        StringBuilder url = new StringBuilder(SCHEME).append("token=").append(escape(this.token))
                .append(";object=").append(escape(this.object)).append(";id=");
        for (byte b : this.id) {
            url.append('%').append(HEX.toHexDigits(b));
        }
        String separator = "?";
        if (modulePath.isPresent()) {
            url.append(separator).append("module-path=").append(escape(modulePath.get()));
            separator = "&";
        }
        if (pinSource.isPresent()) {
            url.append(separator).append("pin-source=").append(escape(pinSource.get()));
        }
        return url.toString();
    }

    /** @return the URL's token, object and id, or empty if it is no PKCS#11 URI with an id */
    static Optional<Pkcs11Url> parse(String url) {
        if (url == null || !url.startsWith(SCHEME)) {
            return Optional.empty();
        }
        String path = url.substring(SCHEME.length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        String token = "";
        String object = "";
        byte[] id = null;
        for (String attribute : path.split(";")) {
            int eq = attribute.indexOf('=');
            if (eq < 0) {
                continue;
            }
            byte[] value = unescape(attribute.substring(eq + 1));
            if (value == null) {
                return Optional.empty();
            }
            switch (attribute.substring(0, eq)) {
                case "token" -> token = new String(value, StandardCharsets.UTF_8);
                case "object" -> object = new String(value, StandardCharsets.UTF_8);
                case "id" -> id = value;
                default -> {
                    // other attributes (manufacturer, serial, type…) do not select our objects
                }
            }
        }
        return id == null || id.length == 0 ? Optional.empty() : Optional.of(new Pkcs11Url(token, object, id));
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean plain = c > ' ' && c < 0x7f && "%;?&=#".indexOf(c) < 0;
            out.append(plain ? String.valueOf(c) : "%" + HEX.toHexDigits(b));
        }
        return out.toString();
    }

    private static byte[] unescape(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            } else if (i + 2 < value.length() && isHex(value.charAt(i + 1)) && isHex(value.charAt(i + 2))) {
                out.write(HexFormat.fromHexDigits(value, i + 1, i + 3));
                i += 2;
            } else {
                return null;
            }
        }
        return out.toByteArray();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
