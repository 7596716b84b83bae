package org.edgeiam.provisioning.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Hook commands of provisioning (PID {@code org.edgeiam.provisioning}); AosEdge's {@code *CmdArgs}. */
@ObjectClassDefinition(name = "EdgeIAM provisioning", description = "Commands run around provisioning steps.")
public @interface Config {
    @AttributeDefinition(name = "Start command", description = "argv run first by StartProvisioning (startProvisioningCmdArgs).")
    String[] start_cmd() default {};

    @AttributeDefinition(name = "Disk encryption command", description = "argv run last by StartProvisioning (diskEncryptionCmdArgs).")
    String[] disk_encryption_cmd() default {};

    @AttributeDefinition(name = "Finish command", description = "argv run by FinishProvisioning (finishProvisioningCmdArgs).")
    String[] finish_cmd() default {};

    @AttributeDefinition(name = "Deprovision command", description = "argv run by Deprovision after keys are removed (deprovisionCmdArgs).")
    String[] deprovision_cmd() default {};

    @AttributeDefinition(name = "Command timeout", description = "Seconds a hook command may run before it is killed.")
    int cmd_timeout() default 120;
}
