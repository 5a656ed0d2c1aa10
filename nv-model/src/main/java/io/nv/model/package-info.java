/**
 * nv's logical model: the immutable {@link io.nv.model.Topology} value, tenants and peerings, and
 * {@link io.nv.model.ModelPath}s that name every element.
 */
@NullMarked
@ValueStyle
package io.nv.model;

import io.nv.model.internal.ValueStyle;
import org.jspecify.annotations.NullMarked;
