package org.edgeiam.deploy.internal;

import java.nio.file.Path;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.edgeiam.api.IamException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo commands {@code iam:upgrade} (the deploy folder's safe upgrade, by hand) and {@code iam:deployments}. */
@Component(service = UpgradeCommand.class, property = {"osgi.command.scope=iam", "osgi.command.function=upgrade",
        "osgi.command.function=deployments"})
public class UpgradeCommand {
    private final Upgrader upgrader;

    /** @param upgrader does the deployment */
    @Activate
    public UpgradeCommand(@Reference Upgrader upgrader) {
        this.upgrader = upgrader;
    }

    /**
     * @param jar path of a bundle jar
     * @return what was done
     */
    @Descriptor("install a bundle jar, or replace the installed bundle of the same name with it; the previous"
            + " version is restored if the new one does not start or its components fail")
    public String upgrade(@Descriptor("path of the bundle jar") String jar) {
        try {
            return upgrader.deploy(Path.of(jar).toAbsolutePath());
        } catch (IamException e) {
            return "FAILED: " + e.getMessage();
        }
    }

    /** @return the latest deployments, of the folder and of iam:upgrade, oldest first */
    @Descriptor("lists the latest bundle deployments (deploy folder and iam:upgrade) with their outcome")
    public String deployments() {
        List<String> done = upgrader.history();
        return done.isEmpty() ? "no deployments since start" : String.join("\n", done);
    }
}
