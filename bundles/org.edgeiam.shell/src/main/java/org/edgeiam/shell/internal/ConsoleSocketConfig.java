package org.edgeiam.shell.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the local command socket (PID {@code org.edgeiam.shell.socket}, optional). */
@ObjectClassDefinition(name = "EdgeIAM command socket",
        description = "A UNIX socket on which local administrators run Gogo commands in the running runtime.")
public @interface ConsoleSocketConfig {
    /** PID of this configuration. */
    String PID = "org.edgeiam.shell.socket";

    @AttributeDefinition(name = "Socket", description = "Path of the socket (mode 0600). A missing folder is created private (0700); an existing"
            + " one is kept as it is, but refused if group or others may write it (even with the sticky bit).")
    String path() default "var/run/gogo.sock";

    @AttributeDefinition(name = "Enabled", description = "Whether the socket is offered at all.")
    boolean enabled() default true;
}
