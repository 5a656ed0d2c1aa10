/**
 * nv-testkit: property testing without jqwik. {@link io.nv.testkit.Gen} generators, combinators,
 * shrinking and a property runner for JUnit Jupiter, plus generators for nv's domain.
 */
@NullMarked
package io.nv.testkit;

import org.jspecify.annotations.NullMarked;
