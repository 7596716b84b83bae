package org.edgeiam.shell.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.felix.service.command.Descriptor;
import org.edgeiam.util.ds.ComponentHealth;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * Gogo commands {@code iam:health} (every EdgeIAM component: active, waiting and for what, or
 * failed and why) and {@code iam:config} (the EdgeIAM configurations, secrets masked).
 */
@Component(service = HealthCommands.class, property = {"osgi.command.scope=iam",
        "osgi.command.function=health", "osgi.command.function=config"})
public class HealthCommands {
    private static final Pattern SECRET = Pattern.compile(".*(password|passwd|pin|secret|token|key).*",
            Pattern.CASE_INSENSITIVE);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServiceComponentRuntime scr;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configAdmin;

    /** @return one line per EdgeIAM component with its state and what it waits for */
    @Descriptor("shows every EdgeIAM component: active, or what it is waiting for, or why it failed")
    public String health() {
        ServiceComponentRuntime runtime = this.scr;
        if (runtime == null) {
            return "Declarative Services runtime is not available\n";
        }
        StringBuilder out = new StringBuilder();
        for (ComponentHealth.Entry e : ComponentHealth.of(runtime)) {
            out.append(String.format("%-28s %s%n", e.name(), e.state()));
        }
        return out.length() == 0 ? "no EdgeIAM component found\n" : out.toString();
    }

    /**
     * @return every EdgeIAM configuration with its properties, secrets masked
     * @throws IOException if ConfigurationAdmin fails
     * @throws InvalidSyntaxException never (constant filter)
     */
    @Descriptor("shows the effective EdgeIAM configuration (ConfigAdmin), with passwords, PINs and keys masked")
    public String config() throws IOException, InvalidSyntaxException {
        ConfigurationAdmin cm = this.configAdmin;
        if (cm == null) {
            return "ConfigurationAdmin is not available\n";
        }
        Configuration[] configs = cm.listConfigurations("(service.pid=org.edgeiam.*)");
        if (configs == null) {
            return "no EdgeIAM configuration\n";
        }
        Arrays.sort(configs, Comparator.comparing(Configuration::getPid));
        StringBuilder out = new StringBuilder();
        for (Configuration c : configs) {
            out.append(c.getPid()).append('\n');
            Dictionary<String, Object> props = c.getProperties();
            List<String> keys = Collections.list(props.keys());
            Collections.sort(keys);
            for (String key : keys) {
                if (key.startsWith("service.") || key.startsWith("felix.") || key.equals("component.name")) {
                    continue;
                }
                out.append("  ").append(key).append(" = ").append(shown(key, props.get(key))).append('\n');
            }
        }
        return out.toString();
    }

    static String shown(String key, Object value) {
        boolean secret = SECRET.matcher(key).matches() && !key.toLowerCase(Locale.ROOT).endsWith("path");
        if (secret) {
            return "********";
        }
        return value instanceof Object[] ? Arrays.toString((Object[]) value) : String.valueOf(value);
    }
}
