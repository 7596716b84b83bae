/**
 * Common EdgeIAM API: the one checked exception {@link org.edgeiam.api.IamException}, its
 * {@link org.edgeiam.api.ErrorCode} and small shared types.
 *
 * @since 1.0
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.edgeiam.api;
