/** Implementation details of nv-model; not exported. */
@NullMarked
package io.nv.model.internal;

import org.jspecify.annotations.NullMarked;
