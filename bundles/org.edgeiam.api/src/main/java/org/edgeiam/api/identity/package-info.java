/**
 * The unit's identity: {@link org.edgeiam.api.identity.SystemInfo} and subjects, as provided by
 * the configured identifier plugin.
 *
 * @since 1.0
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.edgeiam.api.identity;
