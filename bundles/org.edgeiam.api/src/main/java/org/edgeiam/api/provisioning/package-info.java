/**
 * Provisioning of this node: taking ownership of its key stores, finishing, deprovisioning.
 *
 * @since 1.0
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.edgeiam.api.provisioning;
