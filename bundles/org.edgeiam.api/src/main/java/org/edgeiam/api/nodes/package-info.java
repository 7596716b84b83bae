/**
 * The nodes of the unit as the main node knows them: registrations (persisted), connection state
 * (in memory) and change events.
 *
 * @since 1.0
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.edgeiam.api.nodes;
