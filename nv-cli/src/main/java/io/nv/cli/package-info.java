/** The {@code nv} command. */
@NullMarked
package io.nv.cli;

import org.jspecify.annotations.NullMarked;
