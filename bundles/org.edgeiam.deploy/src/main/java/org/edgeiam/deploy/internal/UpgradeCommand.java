package org.edgeiam.deploy.internal;

import java.nio.file.Path;

import org.apache.felix.service.command.Descriptor;
import org.edgeiam.api.IamException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo command {@code iam:upgrade}: the deploy folder's safe upgrade, by hand. */
@Component(service = UpgradeCommand.class, property = {"osgi.command.scope=iam", "osgi.command.function=upgrade"})
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
}
