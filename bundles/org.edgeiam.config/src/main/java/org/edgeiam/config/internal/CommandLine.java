package org.edgeiam.config.internal;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

/**
 * The runtime's command line, as AosEdge's IAM takes it: {@code [-c|--config FILE]
 * [-p|--provisioning] [-v|--verbose LEVEL] [-h|--help]}.
 *
 * @param configFile the configuration file
 * @param provisioning whether to run in provisioning mode
 * @param logLevel the log level to set, if given
 * @param help whether only the usage was asked for
 */
public record CommandLine(Path configFile, boolean provisioning, Optional<String> logLevel, boolean help) {
    /** The configuration file used when none is given. */
    public static final Path DEFAULT_CONFIG = Path.of("configs", "main-node.cfg");

    /** Usage text for -h and for errors. */
    public static final String USAGE = String.join("\n",
            "usage: java -jar edgeiam.jar [-c FILE] [-p] [-v LEVEL]",
            "  -c, --config FILE     configuration file (default configs/main-node.cfg)",
            "  -p, --provisioning    provisioning mode: both gRPC servers without TLS",
            "  -v, --verbose LEVEL   log level: trace, debug, info, warn, error",
            "  -h, --help            this text");

    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "warning", "error");

    /**
     * @param args the program arguments
     * @return the parsed command line
     * @throws IamException {@code INVALID_ARGUMENT} naming the bad option
     */
    public static CommandLine parse(String... args) throws IamException {
        Path config = DEFAULT_CONFIG;
        boolean provisioning = false;
        Optional<String> level = Optional.empty();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-c", "--config" -> config = Path.of(value(args, ++i, arg));
                case "-p", "--provisioning" -> provisioning = true;
                case "-v", "--verbose" -> level = Optional.of(level(value(args, ++i, arg)));
                case "-h", "--help" -> help = true;
                default -> throw new IamException(ErrorCode.INVALID_ARGUMENT, "unknown option '" + arg + "'");
            }
        }
        return new CommandLine(config, provisioning, level, help);
    }

    private static String value(String[] args, int i, String option) throws IamException {
        if (i >= args.length || args[i].startsWith("-")) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "option " + option + " needs a value");
        }
        return args[i];
    }

    private static String level(String text) throws IamException {
        String level = text.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT,
                    "unknown log level '" + text + "' (expected trace, debug, info, warn or error)");
        }
        return "warning".equals(level) ? "warn" : level;
    }
}
