/**
 * Storage SPI: where EdgeIAM persists certificate metadata and node registrations. One backend
 * (SQLite) ships; the service can be stopped, replaced or updated on a running gateway, and its
 * users answer {@code UNAVAILABLE} meanwhile.
 *
 * @since 1.0
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.edgeiam.spi.storage;
