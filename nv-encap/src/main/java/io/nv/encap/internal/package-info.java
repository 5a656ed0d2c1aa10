/** Implementation detail of nv-encap; not exported. */
@NullMarked
package io.nv.encap.internal;

import org.jspecify.annotations.NullMarked;
