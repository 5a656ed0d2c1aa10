/** Layer 3: logical routers, their ports, routes, policies, NAT and neighbours. */
@NullMarked
@ValueStyle
package io.nv.model.l3;

import io.nv.model.internal.ValueStyle;
import org.jspecify.annotations.NullMarked;
