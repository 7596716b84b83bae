/**
 * Identifier SPI: where the unit's system ID, unit model and subjects come from (files, a VIS
 * server). A plugin registers an {@link org.edgeiam.spi.identifier.Identifier} service with the
 * {@value org.edgeiam.spi.identifier.Identifier#PLUGIN} property; plugins can be swapped on a
 * running gateway.
 *
 * @since 1.0
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.edgeiam.spi.identifier;
