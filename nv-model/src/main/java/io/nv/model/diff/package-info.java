/** Differences between two topologies, element by element. */
@NullMarked
package io.nv.model.diff;

import org.jspecify.annotations.NullMarked;
