/**
 * Implementation detail shared by nv-model's packages; not exported.
 *
 * <pre>{@code
 * @ValueStyle
 * package io.nv.model.packet;
 * }</pre>
 */
@NullMarked
package io.nv.model.internal;

import org.jspecify.annotations.NullMarked;
