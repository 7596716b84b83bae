/**
 * Key storage SPI: where the private keys and certificates of a cert type live (a PKCS#11 token,
 * or files). A backend bundle registers one {@link org.edgeiam.spi.keystore.KeyStorage} service
 * with the {@value org.edgeiam.spi.keystore.KeyStorage#PLUGIN} property; the certificate handler
 * opens one {@link org.edgeiam.spi.keystore.ModuleStore} per cert type that names the plugin.
 * Backends may be stopped and started on a running gateway: their cert types are unavailable
 * meanwhile and are opened again, with everything they stored, when the backend returns.
 *
 * @since 1.0
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.edgeiam.spi.keystore;
