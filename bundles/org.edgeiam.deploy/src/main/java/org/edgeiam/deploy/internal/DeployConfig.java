package org.edgeiam.deploy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the deploy folder (PID {@code org.edgeiam.deploy}, optional). */
@ObjectClassDefinition(name = "EdgeIAM deploy folder",
        description = "Bundle jars dropped here are installed, or replace the installed bundle of the same name.")
public @interface DeployConfig {
    /** PID of this configuration. */
    String PID = "org.edgeiam.deploy";

    @AttributeDefinition(name = "Folder",
            description = "Watched folder; empty: the framework property edgeiam.deploy.dir, else felix.fileinstall.dir,"
                    + " else var/deploy.")
    String dir() default "";

    @AttributeDefinition(name = "Poll interval", description = "Milliseconds between looks at the folder.")
    int poll_ms() default 1000;
}
