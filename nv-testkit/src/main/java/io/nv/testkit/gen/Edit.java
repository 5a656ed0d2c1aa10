package io.nv.testkit.gen;

import io.nv.model.Topology;

/**
 * One step of an edit sequence: a valid topology before, a valid topology after, and what changed.
 *
 * <pre>{@code
 * Property.forAll(TopologyGens.topologies().flatMap(t -> Edits.sequences(t, 5)))
 *     .check(edits -> edits.forEach(e -> assertStable(e.before(), e.after())));
 * }</pre>
 *
 * @param description what the edit did, e.g. {@code migrate t0s0p1 hv0 → hv2}
 * @param before the topology before the edit
 * @param after the topology after it
 */
public record Edit(String description, Topology before, Topology after) {
  @Override
  public String toString() {
    return description;
  }
}
