/**
 * Credential storage SPI: where device credentials are persisted (SQLite on a gateway,
 * PostgreSQL for a fleet authority). Every write is atomic.
 *
 * @since 1.0
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.edgeiam.spi.credentials;
