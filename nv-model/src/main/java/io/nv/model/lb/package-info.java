/** Load balancers: VIPs, backends, selection and affinity. */
@NullMarked
@ValueStyle
package io.nv.model.lb;

import io.nv.model.internal.ValueStyle;
import org.jspecify.annotations.NullMarked;
