package org.edgeiam.util.ds;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * The state of every EdgeIAM component as Declarative Services sees it, for {@code iam:health}
 * and {@code GET /health}: active, waiting (for its configuration or a service, named), failed
 * (with the first line of why), or disabled.
 */
public final class ComponentHealth {
    /**
     * One component configuration.
     *
     * @param name the component's simple name
     * @param configured whether it has a configuration (a component that requires one and has
     *        none is not part of this node: it counts as neither healthy nor unhealthy)
     * @param ok whether it is active or satisfied
     * @param state {@code OK}, {@code FAILED: …}, {@code waiting for …} or {@code disabled}
     */
    public record Entry(String name, boolean configured, boolean ok, String state) {
    }

    private ComponentHealth() {
    }

    /**
     * @param runtime Declarative Services
     * @return every component of the {@code org.edgeiam.*} bundles, by name
     */
    public static List<Entry> of(ServiceComponentRuntime runtime) {
        List<ComponentDescriptionDTO> descriptions = new ArrayList<>(runtime.getComponentDescriptionDTOs());
        descriptions.removeIf(d -> !d.bundle.symbolicName.startsWith("org.edgeiam."));
        descriptions.sort(Comparator.comparing(d -> d.name));
        List<Entry> out = new ArrayList<>();
        for (ComponentDescriptionDTO d : descriptions) {
            String name = d.name.substring(d.name.lastIndexOf('.') + 1);
            if (!runtime.isComponentEnabled(d)) {
                out.add(new Entry(name, false, false, "disabled"));
                continue;
            }
            var configs = runtime.getComponentConfigurationDTOs(d);
            if (configs.isEmpty()) {
                out.add(new Entry(name, false, false, "waiting for configuration " + String.join(", ", d.configurationPid)));
            }
            for (ComponentConfigurationDTO c : configs) {
                boolean ok = c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED;
                out.add(new Entry(name, true, ok, state(d, c)));
            }
        }
        return out;
    }

    /**
     * @return the service a reference waits for, by its simple type name: constructor-injected
     *         references are named {@code $001} and such, which tells an operator nothing
     */
    private static String service(ComponentDescriptionDTO d, String reference) {
        for (ReferenceDTO r : d.references) {
            if (r.name.equals(reference)) {
                String type = r.interfaceName.substring(r.interfaceName.lastIndexOf('.') + 1);
                return reference.startsWith("$") ? type : reference + " (" + type + ")";
            }
        }
        return reference;
    }

    private static String state(ComponentDescriptionDTO d, ComponentConfigurationDTO c) {
        switch (c.state) {
            case ComponentConfigurationDTO.ACTIVE:
            case ComponentConfigurationDTO.SATISFIED:
                return "OK";
            case ComponentConfigurationDTO.FAILED_ACTIVATION:
                return "FAILED: " + FailureText.reason(c.failure);
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                StringBuilder missing = new StringBuilder("waiting for");
                for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) {
                    missing.append(' ').append(service(d, r.name)).append(r.target == null ? "" : " " + r.target);
                }
                return missing.toString();
            default:
                return "waiting for its configuration";
        }
    }
}
