/** Graph views of a topology: datapaths, links and placement, for traversal and teaching (DOT). */
@NullMarked
package io.nv.model.graph;

import org.jspecify.annotations.NullMarked;
