package org.edgeiam.iamserver.internal.service;

import java.util.LinkedHashMap;
import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.api.permissions.InstanceIdent;
import org.edgeiam.api.permissions.InstancePermissions;
import org.edgeiam.api.permissions.PermissionHandler;
import org.edgeiam.grpc.iamanager.v6.Permissions;

/** Conversions and look-ups shared by the public and protected permission services. */
final class PermissionsServices {
    private PermissionsServices() {
    }

    static PermissionHandler require(PermissionHandler handler) throws IamException {
        if (handler == null) {
            throw new IamException(ErrorCode.UNAVAILABLE,
                    "permission handler is not available (enablePermissionsHandler is false, or it is restarting)");
        }
        return handler;
    }

    static InstanceIdent ident(org.edgeiam.grpc.common.v2.InstanceIdent i) {
        return new InstanceIdent(i.getItemId(), i.getSubjectId(), i.getInstance(), i.getTypeValue(), i.getPreinstalled());
    }

    /** AosEdge fills item_id, subject_id and instance only. */
    static org.edgeiam.grpc.common.v2.InstanceIdent proto(InstanceIdent i) {
        return org.edgeiam.grpc.common.v2.InstanceIdent.newBuilder().setItemId(i.itemId()).setSubjectId(i.subjectId())
                .setInstance(i.instance()).build();
    }

    static Map<String, Map<String, String>> permissions(Map<String, Permissions> wire) {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        wire.forEach((server, p) -> result.put(server, p.getPermissionsMap()));
        return result;
    }

    static Permissions proto(InstancePermissions p) {
        return Permissions.newBuilder().putAllPermissions(p.permissions()).build();
    }
}
