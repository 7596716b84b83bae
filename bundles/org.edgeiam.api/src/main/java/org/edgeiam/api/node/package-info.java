/**
 * Node identity: the {@link org.edgeiam.api.node.NodeInfo} of a node of the unit and the
 * {@link org.edgeiam.api.node.CurrentNode} service that knows this node.
 *
 * @since 1.0
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.edgeiam.api.node;
