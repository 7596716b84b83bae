package org.edgeiam.config.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;

import org.edgeiam.api.IamException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the command line and the AosEdge configuration file into OSGi configurations. Under the
 * executable jar the arguments come from bnd's launcher service; in tests the framework
 * properties {@code edgeiam.config} and {@code edgeiam.provisioning} stand in for them. A bad
 * command line or file is logged with the file, the key and the problem, and ends the process
 * with exit code 2 (only under the launcher: a test framework is never killed).
 */
@Component(immediate = true)
public class ConfigPublisher {
    /** Framework property naming the configuration file when there is no launcher. */
    public static final String CONFIG_PROPERTY = "edgeiam.config";
    /** Framework property: {@code true} for provisioning mode when there is no launcher. */
    public static final String PROVISIONING_PROPERTY = "edgeiam.provisioning";
    /** Marks the configurations this component published, with the file they came from. */
    static final String SOURCE = "edgeiam.source";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigPublisher.class);

    /**
     * @param context this bundle's context
     * @param cm ConfigurationAdmin
     * @param launcher properties of bnd's launcher service, or {@code null} when not launched by it
     */
    @Activate
    public ConfigPublisher(BundleContext context, @Reference ConfigurationAdmin cm,
            @Reference(service = Object.class, target = "(launcher.arguments=*)",
                    cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY) Map<String, Object> launcher) {
        boolean launched = launcher != null;
        String[] args;
        if (launched) {
            args = (String[]) launcher.get("launcher.arguments");
        } else if (context.getProperty(CONFIG_PROPERTY) != null) {
            boolean prov = Boolean.parseBoolean(context.getProperty(PROVISIONING_PROPERTY));
            args = prov ? new String[] {"-c", context.getProperty(CONFIG_PROPERTY), "-p"}
                    : new String[] {"-c", context.getProperty(CONFIG_PROPERTY)};
        } else {
            LOG.debug("no launcher arguments and no {} property yet: nothing to publish", CONFIG_PROPERTY);
            return;
        }
        try {
            CommandLine cli = CommandLine.parse(args);
            if (cli.help()) {
                System.out.println(CommandLine.USAGE);
                RuntimeControl.exit(launched, 0);
                return;
            }
            cli.logLevel().ifPresent(LogLevel::apply);
            Path file = cli.configFile().toAbsolutePath().normalize();
            LOG.info("reading configuration {}{}", file, cli.provisioning() ? " (provisioning mode)" : "");
            Map<String, Map<String, Object>> pids = new AosConfigMapper(Path.of("").toAbsolutePath()).read(file,
                    cli.provisioning());
            publish(cm, file.toString(), pids);
            LOG.info("configuration {} applied", file);
        } catch (IamException e) {
            LOG.error("configuration rejected: {}", e.getMessage());
            if (launched) {
                System.err.println("edgeiam: " + e.getMessage() + "\n" + CommandLine.USAGE);
            }
            RuntimeControl.exit(launched, 2);
        } catch (IOException e) {
            LOG.error("cannot publish the configuration: {}", e.getMessage(), e);
            RuntimeControl.exit(launched, 1);
        }
    }

    static void publish(ConfigurationAdmin cm, String source, Map<String, Map<String, Object>> pids)
            throws IOException {
        for (Map.Entry<String, Map<String, Object>> entry : pids.entrySet()) {
            String pid = entry.getKey();
            int tilde = pid.indexOf('~');
            Configuration c = tilde < 0 ? cm.getConfiguration(pid, "?")
                    : cm.getFactoryConfiguration(pid.substring(0, tilde), pid.substring(tilde + 1), "?");
            Hashtable<String, Object> wanted = new Hashtable<>(entry.getValue());
            wanted.put(SOURCE, source);
            if (!same(c.getProperties(), wanted)) {
                c.update(wanted);
                LOG.debug("published {}", entry.getKey());
            }
        }
        try {
            Configuration[] ours = cm.listConfigurations("(" + SOURCE + "=*)");
            for (Configuration c : ours == null ? new Configuration[0] : ours) {
                if (!pids.containsKey(c.getPid())) {
                    LOG.info("configuration {} is no longer in the file: removed", c.getPid());
                    c.delete();
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean same(Dictionary<String, Object> current, Hashtable<String, Object> wanted) {
        if (current == null) {
            return false;
        }
        int count = 0;
        for (Enumeration<String> keys = current.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (key.startsWith("service.") || key.startsWith("felix.")) {
                continue;
            }
            count++;
            if (!Objects.deepEquals(current.get(key), wanted.get(key))) {
                return false;
            }
        }
        return count == wanted.size();
    }
}
