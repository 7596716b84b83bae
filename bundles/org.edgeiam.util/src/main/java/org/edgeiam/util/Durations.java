package org.edgeiam.util;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses duration strings as AosEdge writes them (Go's {@code time.ParseDuration} format): one
 * or more decimal numbers, each with a unit {@code ns}, {@code us}, {@code µs}, {@code ms},
 * {@code s}, {@code m} or {@code h}, such as {@code 120s}, {@code 500ms} or {@code 1m30s}.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private Durations() {
    }

    /**
     * @param text the duration string, surrounding blanks allowed
     * @return the duration
     * @throws IllegalArgumentException if {@code text} is not a duration string
     */
    public static Duration parse(String text) {
        String s = text.strip();
        Matcher m = PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (end < s.length() && m.find(end) && m.start() == end) {
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
            end = m.end();
        }
        if (s.isEmpty() || end != s.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 120s, 500ms or 1m30s");
        }
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
        }
    }
}
