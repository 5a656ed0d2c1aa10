/**
 * Structural validation of a {@link io.nv.model.Topology}: every problem at once, as {@link
 * io.nv.model.validate.ModelError}s with a code, a model path and a message that says how to fix
 * it. Other modules contribute checks ({@link io.nv.model.validate.TopologyCheck}) with their own
 * {@link io.nv.model.validate.ErrorCode}s.
 */
@NullMarked
package io.nv.model.validate;

import org.jspecify.annotations.NullMarked;
