/**
 * Device credentials: the credentials of the devices behind the gateway (basic and X.509), their
 * one state machine, the tenants they belong to, and the authentication answers a broker or a
 * 22/CAP front end gives them. Shaped after Kaa's Client Credentials Management.
 *
 * @since 1.0
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.edgeiam.api.credentials;
