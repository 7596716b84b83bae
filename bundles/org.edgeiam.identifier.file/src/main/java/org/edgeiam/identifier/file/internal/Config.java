package org.edgeiam.identifier.file.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the file identifier (PID {@code org.edgeiam.identifier.file}), the AosEdge
 * {@code fileidentifier} parameters {@code systemIDPath}, {@code unitModelPath} and
 * {@code subjectsPath}. Property ids are the method names with {@code _} turned into {@code .},
 * e.g. {@code system.id.path}.
 */
@ObjectClassDefinition(name = "EdgeIAM file identifier",
        description = "The unit's system ID, unit model and subjects, read from files.")
@interface Config {
    @AttributeDefinition(name = "System ID file",
            description = "File whose whole content, trimmed, is the system ID.")
    String system_id_path() default "";

    @AttributeDefinition(name = "Unit model file",
            description = "File holding model;version, e.g. aos-core;1.0.0.")
    String unit_model_path() default "";

    @AttributeDefinition(name = "Subjects file",
            description = "File with one subject per line, watched for changes; empty for no "
                    + "subjects.")
    String subjects_path() default "";
}
