package org.edgeiam.keystore.pkcs11.internal;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

/**
 * The validated PKCS#11 parameters of one cert module, with the AosEdge names ({@code library},
 * {@code slotID}, {@code slotIndex}, {@code tokenLabel}, {@code userPinPath},
 * {@code modulePathInUrl}); names are matched case-insensitively, unknown ones are ignored.
 * At most one of the three slot selectors may be given; without any, the token label is
 * {@value #DEFAULT_TOKEN_LABEL}, which is also the label a token gets when it is initialised.
 *
 * @param library the PKCS#11 library, absolute and normalised
 * @param slotId the slot ID to use, if configured
 * @param slotIndex the index in the list of slots with a token, if configured
 * @param tokenLabel the token label to look for and to initialise with
 * @param userPinPath the file that holds the user PIN
 * @param modulePathInUrl whether URLs carry {@code module-path}
 */
record ModuleParams(Path library, Optional<Long> slotId, Optional<Integer> slotIndex, String tokenLabel,
        Path userPinPath, boolean modulePathInUrl) {
    /** Token label used when none is configured, as in AosEdge. */
    static final String DEFAULT_TOKEN_LABEL = "aos";

    /** @return whether the token is selected by its label (no slot ID or index configured) */
    boolean byLabel() {
        return this.slotId.isEmpty() && this.slotIndex.isEmpty();
    }

    /** @return a description of the slot selection for messages */
    String selection() {
        if (this.slotId.isPresent()) {
            return "slot ID " + this.slotId.get();
        }
        return this.slotIndex.map(i -> "slot index " + i).orElse("token label '" + this.tokenLabel + "'");
    }

    static ModuleParams parse(Map<String, String> params) throws IamException {
        String library = get(params, "library").orElseThrow(() -> invalid("library", "is required"));
        Path lib = path("library", library);
        if (!Files.exists(lib)) {
            throw invalid("library", "'" + library + "' does not exist");
        }
        Optional<String> id = get(params, "slotID");
        Optional<String> index = get(params, "slotIndex");
        Optional<String> label = get(params, "tokenLabel");
        int given = (id.isPresent() ? 1 : 0) + (index.isPresent() ? 1 : 0) + (label.isPresent() ? 1 : 0);
        if (given > 1) {
            throw invalid("slotID/slotIndex/tokenLabel", "only one of them may be set");
        }
        Optional<Long> slotId = id.isPresent() ? Optional.of(number("slotID", id.get())) : Optional.empty();
        Optional<Integer> slotIndex = Optional.empty();
        if (index.isPresent()) {
            long i = number("slotIndex", index.get());
            if (i < 0 || i > Integer.MAX_VALUE) {
                throw invalid("slotIndex", index.get() + " is out of range");
            }
            slotIndex = Optional.of((int) i);
        }
        String pin = get(params, "userPinPath").orElseThrow(() -> invalid("userPinPath", "is required"));
        String inUrl = get(params, "modulePathInUrl").orElse("false").toLowerCase(Locale.ROOT);
        if (!inUrl.equals("true") && !inUrl.equals("false")) {
            throw invalid("modulePathInUrl", "'" + inUrl + "' is neither true nor false");
        }
        return new ModuleParams(lib, slotId, slotIndex, label.orElse(DEFAULT_TOKEN_LABEL), path("userPinPath", pin),
                Boolean.parseBoolean(inUrl));
    }

    private static Optional<String> get(Map<String, String> params, String name) {
        return params.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .filter(v -> v != null && !v.isBlank()).map(String::trim).findFirst();
    }

    private static Path path(String name, String value) throws IamException {
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw invalid(name, "'" + value + "' is not a valid path");
        }
    }

    private static long number(String name, String value) throws IamException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(name, "'" + value + "' is not a number");
        }
    }

    private static IamException invalid(String name, String why) {
        return new IamException(ErrorCode.INVALID_ARGUMENT, "PKCS#11 parameter " + name + " " + why);
    }
}
