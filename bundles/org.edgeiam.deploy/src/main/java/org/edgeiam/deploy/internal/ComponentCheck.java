package org.edgeiam.deploy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.edgeiam.util.ds.FailureText;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Whether a freshly started bundle works: it is active and none of its Declarative Services
 * components failed to activate while it settles. Components still waiting for a reference or a configuration are
 * not failures: that is how they looked before the upgrade too, or will be until they get them.
 */
final class ComponentCheck {
    private ComponentCheck() {
    }

    /**
     * Watches the bundle for {@code settleMs}: a delayed component activates only when a consumer
     * binds it, which happens within moments of the bundle's start.
     *
     * @param bundle the started bundle
     * @param scr the component runtime, or {@code null} if there is none (then only the state counts)
     * @param settleMs how long to watch
     * @return why the bundle does not work, or empty if it works
     */
    static Optional<String> problem(Bundle bundle, ServiceComponentRuntime scr, long settleMs)
            throws InterruptedException {
        boolean fragment = bundle.getHeaders().get("Fragment-Host") != null;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settleMs);
        do {
            Optional<String> problem = fragment ? resolved(bundle) : check(bundle, scr);
            if (problem.isPresent()) {
                return problem;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    private static Optional<String> resolved(Bundle bundle) {
        return bundle.getState() == Bundle.INSTALLED ? Optional.of("the fragment does not resolve") : Optional.empty();
    }

    private static Optional<String> check(Bundle bundle, ServiceComponentRuntime scr) {
        if (bundle.getState() != Bundle.ACTIVE) {
            return Optional.of("the bundle is not active (state " + bundle.getState() + ")");
        }
        if (scr == null) {
            return Optional.empty();
        }
        List<String> failed = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundle)) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    failed.add("component " + d.name + " failed to activate: " + FailureText.reason(c.failure));
                }
            }
        }
        return failed.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", failed));
    }
}
