/** The mapping from nv's model to NB rows, and the two writers; not exported. */
@NullMarked
package io.nv.ovn.internal;

import org.jspecify.annotations.NullMarked;
