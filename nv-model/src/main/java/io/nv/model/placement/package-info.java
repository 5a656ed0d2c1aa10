/** Placement: hosts (transport nodes), bindings of logical ports to hosts, encapsulations. */
@NullMarked
@ValueStyle
package io.nv.model.placement;

import io.nv.model.internal.ValueStyle;
import org.jspecify.annotations.NullMarked;
