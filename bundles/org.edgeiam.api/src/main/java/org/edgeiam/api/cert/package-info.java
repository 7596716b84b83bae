/**
 * Certificates: the {@link org.edgeiam.api.cert.CertHandler} service (cert types, keys, CSRs,
 * certificate chains, subscriptions) and the certificate metadata it stores.
 *
 * @since 1.0
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.edgeiam.api.cert;
