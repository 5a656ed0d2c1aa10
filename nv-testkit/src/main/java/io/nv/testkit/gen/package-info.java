/**
 * Generators for nv's domain values, built on {@link io.nv.testkit.Gens} so they shrink through the
 * runner's choice shrinking: {@link io.nv.testkit.gen.AddressGens} (addresses), {@link
 * io.nv.testkit.gen.TopologyGens} (valid topologies), {@link io.nv.testkit.gen.Mutations} and
 * {@link io.nv.testkit.gen.Edits} (broken and edited ones), {@link io.nv.testkit.gen.PacketGens}
 * (packets aimed at a topology, or of any kind), {@link io.nv.testkit.gen.MatchGens} (match
 * expressions) and {@link io.nv.testkit.gen.ScenarioGens} (topologies with packet sequences).
 *
 * <pre>{@code
 * Property.forAll(AddressGens.prefixes())
 *     .check(p -> assertThat(p.contains(p.last())).isTrue());
 * }</pre>
 */
@NullMarked
package io.nv.testkit.gen;

import org.jspecify.annotations.NullMarked;
