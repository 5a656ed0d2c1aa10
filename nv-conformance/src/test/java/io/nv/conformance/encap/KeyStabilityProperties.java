package io.nv.conformance.encap;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.encap.keys.KeyAssignment;
import io.nv.encap.keys.Keys;
import io.nv.encap.keys.VxlanMode;
import io.nv.model.Topology;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.nv.testkit.Property;
import io.nv.testkit.gen.Edit;
import io.nv.testkit.gen.Edits;
import io.nv.testkit.gen.TopologyGens;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Keys survive edits when the previous assignment is given, and are a function of the topology. */
class KeyStabilityProperties {

  @Test
  void survivingElementsKeepTheirKeysOverEditSequences() {
    Property.forAll(TopologyGens.topologies().flatMap(t -> Edits.sequences(t, 8)))
        .tries(300)
        .check(
            edits -> {
              KeyAssignment keys = allocate(edits.get(0).before(), Optional.empty());
              for (Edit e : edits) {
                KeyAssignment next = allocate(e.after(), Optional.of(keys));
                assertSurvivorsKept(keys.switches(), next.switches(), e);
                assertSurvivorsKept(keys.routers(), next.routers(), e);
                assertSurvivorsKept(keys.switchPorts(), next.switchPorts(), e);
                assertSurvivorsKept(keys.routerPorts(), next.routerPorts(), e);
                // A VIF keeps its zones while it stays on its host; one that migrates starts
                // afresh on the new host (its connections stay behind), so those there keep theirs.
                KeyAssignment before = keys;
                Map<String, Integer> stayed = new java.util.TreeMap<>();
                before.zones().forEach(
                    (port, zone) -> {
                      if (before.zoneHosts().getOrDefault(port, "")
                          .equals(next.zoneHosts().getOrDefault(port, ""))) {
                        stayed.put(port, zone);
                      }
                    });
                assertSurvivorsKept(stayed, next.zones(), e);
                assertSurvivorsKept(keys.routerZones(), next.routerZones(), e);
                keys = next;
              }
            });
  }

  @Test
  void withoutAPreviousAssignmentKeysAreAFunctionOfTheTopology() {
    Property.forAll(TopologyGens.topologies())
        .tries(500)
        .check(t -> assertThat(allocate(t, Optional.empty())).isEqualTo(allocate(t, Optional.empty())));
  }

  private static void assertSurvivorsKept(Map<String, Integer> before, Map<String, Integer> after, Edit e) {
    before.forEach(
        (id, key) -> {
          if (after.containsKey(id)) {
            assertThat(after.get(id)).as("key of %s after %s", id, e).isEqualTo(key);
          }
        });
  }

  private static KeyAssignment allocate(Topology t, Optional<KeyAssignment> previous) {
    ValidatedTopology v =
        Validator.validate(t).fold(errors -> { throw new AssertionError("invalid: " + errors); }, x -> x);
    return Keys.allocate(v, VxlanMode.OVN_SPLIT, previous)
        .fold(errors -> { throw new AssertionError("keys: " + errors); }, x -> x);
  }
}
