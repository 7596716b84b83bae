package org.edgeiam.shell.internal;

import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.edgeiam.api.IamException;
import org.edgeiam.api.identity.SystemInfo;
import org.edgeiam.api.node.CurrentNode;
import org.edgeiam.api.node.NodeInfo;
import org.edgeiam.api.permissions.InstanceIdent;
import org.edgeiam.api.permissions.PermissionHandler;
import org.edgeiam.api.provisioning.ProvisionManager;
import org.edgeiam.spi.identifier.Identifier;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Gogo commands {@code iam:provision-state}, {@code iam:ident} and {@code iam:perms}. Never shows secrets. */
@Component(service = IdentityCommands.class, property = {"osgi.command.scope=iam",
        "osgi.command.function=provisionstate", "osgi.command.function=ident", "osgi.command.function=perms"})
public class IdentityCommands {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CurrentNode currentNode;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ProvisionManager provisionManager;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Identifier identifier;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PermissionHandler permissionHandler;

    private final Map<Identifier, String> plugins = new java.util.concurrent.ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, service = Identifier.class)
    void addPlugin(Identifier id, Map<String, Object> props) {
        plugins.put(id, String.valueOf(props.get(Identifier.PLUGIN)));
    }

    void removePlugin(Identifier id) {
        plugins.remove(id);
    }

    /** @return the provisioning state and the cert types provisioning issues */
    @Descriptor("shows the provisioning state of this node and the cert types the cloud issues certificates for")
    public String provisionstate() {
        CurrentNode node = currentNode;
        StringBuilder out = new StringBuilder();
        if (node == null) {
            out.append("current node service is not available\n");
        } else {
            NodeInfo info = node.nodeInfo();
            out.append("state       ").append(info.state().wireName())
                    .append(info.error().map(e -> " (" + e.message() + ")").orElse("")).append('\n');
        }
        ProvisionManager pm = provisionManager;
        out.append("cert types  ").append(pm == null ? "provisioning is not available" : String.join(", ", pm.certTypes()))
                .append('\n');
        return out.toString();
    }

    /** @return system info, subjects and the active identifier */
    @Descriptor("shows the unit's identity: system ID, unit model, subjects and the active identifier plugin")
    public String ident() {
        Identifier id = identifier;
        if (id == null) {
            return "no identifier plugin is running (identifier.plugin none, or its bundle is stopped)\n";
        }
        StringBuilder out = new StringBuilder();
        out.append("identifier  ").append(plugins.getOrDefault(id, "?")).append('\n');
        try {
            SystemInfo info = id.systemInfo();
            out.append("system ID   ").append(info.systemId()).append('\n');
            out.append("unit model  ").append(info.unitModel()).append(' ').append(info.version()).append('\n');
            out.append("subjects    ").append(String.join(", ", id.subjects())).append('\n');
        } catch (IamException e) {
            out.append("unavailable: ").append(e.getMessage()).append('\n');
        }
        return out.toString();
    }

    /** @return the registered instances, without secrets */
    @Descriptor("lists the instances registered for permissions (never their secrets)")
    public String perms() {
        PermissionHandler h = permissionHandler;
        if (h == null) {
            return "permission handler is not available (enablePermissionsHandler false?)\n";
        }
        StringBuilder out = new StringBuilder();
        for (InstanceIdent i : h.instances()) {
            out.append(String.format("%s/%s/%d%s%n", i.itemId(), i.subjectId(), i.instance(),
                    i.type() == 1 ? " (component)" : ""));
        }
        return out.length() == 0 ? "no instance registered\n" : out.toString();
    }
}
