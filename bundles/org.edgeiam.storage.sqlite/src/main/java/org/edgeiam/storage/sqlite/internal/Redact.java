package org.edgeiam.storage.sqlite.internal;

/**
 * Makes URLs safe to log and to put into exception messages: a PKCS#11 URL may carry the user
 * PIN as {@code pin-value=…}, so everything after {@code pin-value=} is replaced by {@code ***}.
 */
final class Redact {
    private static final String PIN_VALUE = "pin-value=";

    private Redact() {
    }

    /**
     * @param url a certificate or key URL, may be {@code null}
     * @return the URL with everything after {@code pin-value=} (any case) masked
     */
    static String url(String url) {
        if (url == null) {
            return null;
        }
        int length = PIN_VALUE.length();
        for (int at = 0; at + length <= url.length(); at++) {
            if (url.regionMatches(true, at, PIN_VALUE, 0, length)) {
                return url.substring(0, at + length) + "***";
            }
        }
        return url;
    }
}
