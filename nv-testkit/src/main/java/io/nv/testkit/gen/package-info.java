/**
 * Generators for nv's domain values, built on {@link io.nv.testkit.Gens} so they shrink through the
 * runner's choice shrinking. {@link io.nv.testkit.gen.AddressGens} covers addresses.
 *
 * <pre>{@code
 * Property.forAll(AddressGens.prefixes())
 *     .check(p -> assertThat(p.contains(p.last())).isTrue());
 * }</pre>
 */
@NullMarked
package io.nv.testkit.gen;

import org.jspecify.annotations.NullMarked;
