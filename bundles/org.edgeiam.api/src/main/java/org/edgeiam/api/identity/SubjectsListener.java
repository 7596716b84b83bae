package org.edgeiam.api.identity;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when the unit's subjects change.
 *
 * @since 1.0
 */
@ConsumerType
@FunctionalInterface
public interface SubjectsListener {
    /**
     * Called, in order, with the subjects after each change. Must return quickly.
     *
     * @param subjects the new subjects, unmodifiable
     */
    void subjectsChanged(List<String> subjects);
}
