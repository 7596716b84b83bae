package org.edgeiam.permissions.internal;

import org.edgeiam.api.permissions.InstanceIdent;

/**
 * Client strings as they may appear in log lines and error messages: control characters (CR, LF,
 * and the Unicode line and paragraph separators) are escaped as {@code \\uXXXX}, so that a client
 * cannot forge a log line, and a quoted item is cut short (it may be megabytes of garbage).
 */
final class LogText {
    /** How much of an over-long item a message quotes. */
    static final int QUOTED_LENGTH = 40;

    private LogText() {
    }

    /** @return {@code text} with control characters escaped */
    static String clean(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unsafe = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            if (unsafe && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (unsafe) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** @return {@code value} in single quotes, cut to {@link #QUOTED_LENGTH} characters, cleaned */
    static String quote(String value) {
        return value.length() <= QUOTED_LENGTH ? "'" + clean(value) + "'"
                : "'" + clean(value.substring(0, QUOTED_LENGTH)) + "…'";
    }

    /** @return the instance as its record text, with its IDs cleaned */
    static String of(InstanceIdent instance) {
        return "InstanceIdent[itemId=" + clean(instance.itemId()) + ", subjectId="
                + clean(instance.subjectId()) + ", instance=" + instance.instance() + ", type="
                + instance.type() + ", preinstalled=" + instance.preinstalled() + "]";
    }
}
