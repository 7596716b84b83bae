package org.edgeiam.certhandler.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One cert module (= cert type), factory PID {@value #FACTORY_PID}; the AosEdge
 * {@code certModules[]} entries. Backend parameters (the AosEdge {@code params} object) are the
 * properties whose names start with {@value #PARAMS_PREFIX}.
 */
@ObjectClassDefinition(name = "EdgeIAM cert module",
        description = "A cert type: its key algorithm, how many certificates it keeps, and where its keys live.")
public @interface CertModuleConfig {
    /** Factory PID of cert module configurations. */
    String FACTORY_PID = "org.edgeiam.certmodule";
    /** Prefix of the key storage backend parameters. */
    String PARAMS_PREFIX = "params.";

    @AttributeDefinition(name = "Cert type", description = "Module id = cert type, e.g. iam, online, offline, sm, cm.")
    String id();

    @AttributeDefinition(name = "Key storage plugin", description = "pkcs11module or softmodule.")
    String plugin() default "pkcs11module";

    @AttributeDefinition(name = "Algorithm", description = "ecc (ECDSA P-384) or rsa (RSA 2048).")
    String algorithm() default "ecc";

    @AttributeDefinition(name = "Maximum certificates", description = "Certificates kept; the earliest notAfter is trimmed first.")
    int max_items() default 2;

    @AttributeDefinition(name = "Extended key usage", description = "clientAuth and/or serverAuth, requested in CSRs.")
    String[] extended_key_usage() default {};

    @AttributeDefinition(name = "Alternative names", description = "DNS names requested in CSRs.")
    String[] alternative_names() default {};

    @AttributeDefinition(name = "Self-signed", description = "Provisioning creates a self-signed certificate for this type.")
    boolean self_signed() default false;

    @AttributeDefinition(name = "Skip validation", description = "Do not reconcile the key store and the database at start-up.")
    boolean skip_validation() default false;

    String webconsole_configurationFactory_nameHint() default "cert type {id} ({plugin})";
}
