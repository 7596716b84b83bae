package org.edgeiam.util;

import java.util.regex.Pattern;

/**
 * The forms of the names the device authority takes from callers and configuration files, in
 * one place for the configuration mapper, the credentials and the CA: tenant IDs, usernames and
 * client IDs, DNS names and DNS name-constraint subtrees.
 */
public final class DeviceNames {
    /** What a tenant ID looks like, for messages. */
    public static final String TENANT_ID_FORM = "[a-z0-9][a-z0-9-]{0,62}";
    /** What a username or client ID looks like, for messages. */
    public static final String CLIENT_NAME_FORM = "1–128 characters of A–Z, a–z, 0–9, '.', '_', '=', '-'";

    private static final Pattern TENANT_ID = Pattern.compile(TENANT_ID_FORM);
    private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9._=-]{1,128}");
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern DNS = Pattern.compile("(\\*\\.)?" + LABEL + "(\\." + LABEL + ")*");
    private static final Pattern SUBTREE = Pattern.compile("\\.?" + LABEL + "(\\." + LABEL + ")*");

    private DeviceNames() {
    }

    /** @return whether the text is a tenant ID */
    public static boolean isTenantId(String text) {
        return text != null && TENANT_ID.matcher(text).matches();
    }

    /** @return whether the text is a username or client ID */
    public static boolean isClientName(String text) {
        return text != null && CLIENT_NAME.matcher(text).matches();
    }

    /** @return whether the text is a DNS name (a leading {@code *.} allowed), at most 253 characters */
    public static boolean isDnsName(String text) {
        return text != null && text.length() <= 253 && DNS.matcher(text).matches();
    }

    /** @return whether the text is a DNS name constraint: a name, or a subtree with a leading dot */
    public static boolean isDnsSubtree(String text) {
        return text != null && text.length() <= 253 && SUBTREE.matcher(text).matches();
    }
}
