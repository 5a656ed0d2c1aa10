/**
 * Topology documents: {@link io.nv.io.TopologyDocuments} reads YAML and JSON into a {@link
 * io.nv.model.Topology} with every problem located by line and column, and writes topologies back
 * in canonical form. The format is specified in {@code docs/topology-format.md}.
 */
@NullMarked
package io.nv.io;

import org.jspecify.annotations.NullMarked;
