/**
 * Certificate metadata shared by the certificate handler and the storage.
 *
 * @since 1.0
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.edgeiam.api.cert;
