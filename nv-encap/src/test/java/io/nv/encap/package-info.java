/** Test helpers shared by nv-encap's tests. */
@NullMarked
package io.nv.encap;

import org.jspecify.annotations.NullMarked;
