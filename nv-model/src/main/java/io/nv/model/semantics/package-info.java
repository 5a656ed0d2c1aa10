/**
 * The reference semantics: what a topology should do to a packet, computed from the model alone
 * (never from flows). It is the oracle the compiler is checked against; see {@code
 * docs/semantics.md}.
 */
@NullMarked
package io.nv.model.semantics;

import org.jspecify.annotations.NullMarked;
