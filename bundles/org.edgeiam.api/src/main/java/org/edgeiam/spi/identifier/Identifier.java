package org.edgeiam.spi.identifier;

import java.util.List;

import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.identity.SubjectsListener;
import org.edgeiam.api.identity.SystemInfo;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An identifier plugin. Register with {@value #PLUGIN} = the AosEdge plugin name
 * ({@code fileidentifier}, {@code visidentifier}).
 *
 * @since 1.0
 */
@ConsumerType
public interface Identifier {
    /** Service property: the plugin name. */
    String PLUGIN = "edgeiam.identifier.plugin";

    /**
     * @return the system information
     * @throws IamException {@code UNAVAILABLE} if the source cannot be reached now, {@code
     *         RUNTIME} for a read error
     */
    SystemInfo systemInfo() throws IamException;

    /**
     * @return the current subjects, possibly empty, unmodifiable
     * @throws IamException {@code UNAVAILABLE} if the source cannot be reached now
     */
    List<String> subjects() throws IamException;

    /**
     * @param listener told after each change of the subjects
     * @return the handle that ends the subscription
     */
    Subscription subscribeSubjectsChanged(SubjectsListener listener);
}
