<<<<<<< HEAD
/** Implementation details of nv-model; not exported. */
=======
/**
 * Implementation detail shared by nv-model's packages; not exported.
 *
 * <pre>{@code
 * @ValueStyle
 * package io.nv.model.packet;
 * }</pre>
 */
>>>>>>> f9405a1
@NullMarked
package io.nv.model.internal;

import org.jspecify.annotations.NullMarked;
