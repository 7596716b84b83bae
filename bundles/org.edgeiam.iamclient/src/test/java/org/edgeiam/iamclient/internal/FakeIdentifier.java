package org.edgeiam.iamclient.internal;

import java.util.List;

import org.edgeiam.api.Subscription;
import org.edgeiam.api.identity.SubjectsListener;
import org.edgeiam.api.identity.SystemInfo;
import org.edgeiam.spi.identifier.Identifier;

/** An identifier with a fixed system ID. */
final class FakeIdentifier implements Identifier {
    static final String SYSTEM_ID = "SYSTEM-0001";

    @Override
    public SystemInfo systemInfo() {
        return new SystemInfo(SYSTEM_ID, "model", "1.0");
    }

    @Override
    public List<String> subjects() {
        return List.of();
    }

    @Override
    public Subscription subscribeSubjectsChanged(SubjectsListener listener) {
        return () -> { };
    }
}
