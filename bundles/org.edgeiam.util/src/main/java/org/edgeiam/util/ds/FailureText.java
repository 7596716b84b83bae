package org.edgeiam.util.ds;

/**
 * The readable reason in a Declarative Services failure text
 * ({@code ComponentConfigurationDTO.failure}): a stack trace whose outer exception is usually
 * reflection's wrapper around what the component's constructor threw. Bundles copy this class in
 * privately (bnd -conditionalpackage).
 */
public final class FailureText {
    private FailureText() {
    }

    /**
     * @param failure the failure text, or null
     * @return the message of the first cause (else of the first line), without its class name
     */
    public static String reason(String failure) {
        if (failure == null || failure.isBlank()) {
            return "no reason given";
        }
        String reason = failure.lines().filter(l -> l.startsWith("Caused by: ")).findFirst()
                .map(l -> l.substring("Caused by: ".length())).orElse(failure.lines().findFirst().orElse("")).strip();
        int colon = reason.indexOf(": ");
        return colon > 0 && !reason.substring(0, colon).contains(" ") ? reason.substring(colon + 2) : reason;
    }
}
