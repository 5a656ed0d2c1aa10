/** Tests of the header codecs: golden bytes, round-trip properties, decoder fuzzing. */
@NullMarked
package io.nv.encap.codec;

import org.jspecify.annotations.NullMarked;
