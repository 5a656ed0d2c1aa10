/** Implementation of the compiler: match translation, per-datapath compilers, indexes. */
@NullMarked
package io.nv.compiler.internal;

import org.jspecify.annotations.NullMarked;
