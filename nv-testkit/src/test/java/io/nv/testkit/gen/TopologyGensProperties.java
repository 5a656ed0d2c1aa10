package io.nv.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.Topology;
import io.nv.model.diff.TopologyDiff;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.Validator;
import io.nv.testkit.Property;
import io.vavr.collection.Seq;
import org.junit.jupiter.api.Test;

/** Properties of generated topologies: validity by construction, mutations, diffs. */
class TopologyGensProperties {

  @Test
  void generatedTopologiesValidateClean() {
    Property.forAll(TopologyGens.topologies())
        .tries(1000)
        .shrinkWith(TopologyGens.shrinker())
        .check(t -> assertThat(errors(t)).isEmpty());
  }

  @Test
  void aclPrioritiesNeverRepeatWithinATenant() {
    Property.forAll(TopologyGens.topologies().flatMap(t -> Edits.sequences(t, 4)))
        .tries(500)
        .check(
            edits ->
                edits.forEach(
                    e -> {
                      Topology t = e.after();
                      for (io.nv.model.Tenant tenant : t.tenants()) {
                        java.util.List<Integer> priorities = new java.util.ArrayList<>();
                        t.switches().stream()
                            .filter(s -> s.tenant().equals(tenant.id()))
                            .forEach(s -> s.acls().forEach(a -> priorities.add(a.priority())));
                        t.portGroups().stream()
                            .filter(g -> g.tenant().equals(tenant.id()))
                            .forEach(g -> g.acls().forEach(a -> priorities.add(a.priority())));
                        assertThat(priorities).as("%s of %s", tenant.id(), e).doesNotHaveDuplicates();
                      }
                    }));
  }

  @Test
  void largeGeneratedTopologiesValidateClean() {
    Property.forAll(TopologyGens.topologies(TopologyShape.LARGE))
        .tries(20)
        .check(t -> assertThat(errors(t)).isEmpty());
  }

  @Test
  void everyInvalidMutationReportsItsCode() {
    Property.forAll(Mutations.invalidTopologies())
        .tries(1000)
        .check(
            m ->
                assertThat(errors(m.topology()).map(ModelError::code).toJavaList())
                    .as("errors of %s", m)
                    .contains(m.expected()));
  }

  @Test
  void diffOfATopologyWithItselfIsEmpty() {
    Property.forAll(TopologyGens.topologies())
        .tries(1000)
        .check(t -> assertThat(TopologyDiff.between(t, t).isEmpty()).isTrue());
  }

  @Test
  void editsKeepTopologiesValidAndShowInTheDiff() {
    Property.forAll(TopologyGens.topologies().flatMap(t -> Edits.sequences(t, 6)))
        .tries(300)
        .check(
            edits ->
                edits.forEach(
                    e -> {
                      assertThat(errors(e.after())).as("after %s", e).isEmpty();
                      assertThat(TopologyDiff.between(e.before(), e.after()).isEmpty())
                          .as("diff of %s", e)
                          .isEqualTo(e.before().equals(e.after()));
                    }));
  }

  @Test
  void generatorCoversEveryFeature() {
    java.util.Set<String> seen = new java.util.TreeSet<>();
    for (long seed = 0; seed < 300; seed++) {
      Topology t = TopologyGens.topologies().sample(seed, 60);
      if (t.tenants().size() > 1) seen.add("tenants");
      if (!t.routers().isEmpty()) seen.add("routers");
      t.routers().forEach(r -> {
        if (r.gateway().isPresent()) seen.add("gateway");
        if (!r.nats().isEmpty()) seen.add("nat");
        if (!r.policies().isEmpty()) seen.add("policies");
        if (r.routes().stream().map(x -> x.prefix()).distinct().count() < r.routes().size()) seen.add("ecmp");
      });
      if (!t.portGroups().isEmpty()) seen.add("port-groups");
      if (!t.addressSets().isEmpty()) seen.add("address-sets");
      if (!t.loadBalancers().isEmpty()) seen.add("load-balancers");
      if (t.encapsulation() == io.nv.model.placement.Encapsulation.VXLAN) seen.add("vxlan");
      t.switches().forEach(s -> {
        if (!s.acls().isEmpty()) seen.add("acls");
        s.ports().forEach(p -> { if (p.kind() == io.nv.model.l2.PortKind.LOCALNET) seen.add("localnet"); });
      });
    }
    assertThat(seen).containsExactlyInAnyOrder("tenants", "routers", "gateway", "nat", "policies", "ecmp",
        "port-groups", "address-sets", "load-balancers", "vxlan", "acls", "localnet");
  }

  private static Seq<ModelError> errors(Topology t) {
    return Validator.validate(t).fold(e -> e, v -> io.vavr.collection.List.empty());
  }
}
