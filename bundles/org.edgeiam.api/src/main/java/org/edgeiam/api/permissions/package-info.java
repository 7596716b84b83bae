/**
 * Instance permissions: service instances registered with their permissions per functional
 * server, and looked up by the secret they were given.
 *
 * @since 1.0
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.edgeiam.api.permissions;
