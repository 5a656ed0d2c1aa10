/** Layer 2: logical switches and their ports. */
@NullMarked
@ValueStyle
package io.nv.model.l2;

import io.nv.model.internal.ValueStyle;
import org.jspecify.annotations.NullMarked;
