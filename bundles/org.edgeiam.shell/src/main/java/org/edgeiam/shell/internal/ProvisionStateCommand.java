package org.edgeiam.shell.internal;

import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code iam:provision-state}: Gogo maps command names to Java method names, which cannot hold a
 * hyphen, so this name is a {@link Function} that runs {@code iam:provisionstate}.
 */
@Component(service = Function.class, property = {"osgi.command.scope=iam", "osgi.command.function=provision-state"})
public class ProvisionStateCommand implements Function {
    private final IdentityCommands commands;

    /** @param commands the identity commands */
    @Activate
    public ProvisionStateCommand(@Reference IdentityCommands commands) {
        this.commands = commands;
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        return commands.provisionstate();
    }
}
