/**
 * Implementation detail of nv-testkit, not exported: choice-sequence recording, replay and
 * shrinking, and the draw-to-number mapping the generators share.
 */
@NullMarked
package io.nv.testkit.internal;

import org.jspecify.annotations.NullMarked;
