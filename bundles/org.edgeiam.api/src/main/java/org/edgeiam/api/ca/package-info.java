/**
 * The device certificate authority: a tenant CA per tenant, issued by the platform CA whose key
 * stays in its key store, and client certificates issued by it from CSRs (or with a key made
 * here and returned once), with a CRL per tenant CA.
 *
 * @since 1.0
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.edgeiam.api.ca;
