package io.nv.model.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nv.model.Topology;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.nv.model.fixtures.TestTopologies;
import org.junit.jupiter.api.Test;

class TopologyGraphTest {
  static ValidatedTopology valid(Topology t) {
    return Validator.validate(t).fold(e -> { throw new AssertionError(e.toString()); }, v -> v);
  }

  @Test
  void everyHostOfAThreeTierNeedsTheWholeRoutingDomain() {
    TopologyGraph g = TopologyGraph.of(valid(TestTopologies.threeTier()));
    assertThat(g.datapathsOf("hv1"))
        .containsExactly(Node.ofSwitch("app"), Node.ofSwitch("db"), Node.ofSwitch("web"), Node.ofRouter("r1"));
    assertThat(g.datapathsOf("hv2"))
        .containsExactly(Node.ofSwitch("app"), Node.ofSwitch("db"), Node.ofSwitch("web"), Node.ofRouter("r1"));
    assertThat(g.hostsOf(Node.ofSwitch("db"))).containsExactly(Node.ofHost("hv1"), Node.ofHost("hv2"));
    assertThat(g.domainOf(Node.ofSwitch("web")))
        .containsExactly(Node.ofSwitch("app"), Node.ofSwitch("db"), Node.ofSwitch("web"), Node.ofRouter("r1"));
  }

  @Test
  void tenantsWithoutPeeringAreSeparateDomains() {
    TopologyGraph g = TopologyGraph.of(valid(TestTopologies.twoTenants()));
    assertThat(g.domainOf(Node.ofSwitch("red-net"))).doesNotContain(Node.ofSwitch("blue-net"));
    assertThat(g.hostsOf(Node.ofSwitch("red-net"))).containsExactly(Node.ofHost("hv1"), Node.ofHost("hv2"));
  }

  @Test
  void dotNamesEveryNodeAndEdge() {
    String dot = TopologyGraph.of(valid(TestTopologies.threeTier())).toDot();
    assertThat(dot).startsWith("graph topology {\n").endsWith("}\n")
        .contains("\"switch web\" [shape=box];")
        .contains("\"router r1\" [shape=box, style=rounded];")
        .contains("\"host hv1\" [shape=ellipse];")
        .contains("\"switch web\" -- \"router r1\" [label=\"web-r1\"];")
        .contains("\"switch web\" -- \"host hv1\" [label=\"web1\", style=dashed];");
  }

  @Test
  void unknownHostsAndDatapathsAreProgrammerErrors() {
    TopologyGraph g = TopologyGraph.of(valid(TestTopologies.threeTier()));
    assertThatThrownBy(() -> g.datapathsOf("hv9")).hasMessageContaining("hv9");
    assertThatThrownBy(() -> g.hostsOf(Node.ofSwitch("nope"))).hasMessageContaining("nope");
  }
}
