/** Implementation of nv-io: the node tree, the readers, the source map and the writer. */
@NullMarked
package io.nv.io.internal;

import org.jspecify.annotations.NullMarked;
